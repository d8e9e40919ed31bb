-- Migration 0013: crm aml case deposits
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- A threshold AML case now records the deposits it counts, and counts every
-- deposit of the client made while it is open: before, a deposit made while
-- a case was open joined no case, the case kept the total it opened with,
-- and its clearance restarted the window after it, so the deposit was never
-- shown to compliance.
create table crm.aml_case_deposits (
    tenant_id uuid not null,
    case_id uuid not null references crm.aml_cases (id),
    deposit_id uuid not null references crm.deposits (id),
    constraint aml_case_deposits_pkey primary key (case_id, deposit_id),
    constraint aml_case_deposits_deposit_id_key unique (deposit_id)
);
comment on table crm.aml_case_deposits is 'The deposits a threshold AML case counts: those of the window that opened it, and every deposit of the client while it is open (crm_private.check_aml). A deposit is counted by one case at most; once that case is cleared, it counts toward no other.';

-- The cases that exist count what their total showed: the deposits of the
-- window that opened them, up to their opening, each deposit by the
-- earliest such case. The deposits made while a case was open stay
-- uncounted: a cleared case's clearance did not cover them, so they count
-- again toward the window; an open case takes them, and its total is
-- summed again, at the client's next deposit.
insert into crm.aml_case_deposits (tenant_id, case_id, deposit_id)
select distinct on (deposits.id) cases.tenant_id, cases.id, deposits.id
from crm.aml_cases as cases
join crm.accounts as accounts on accounts.client_id = cases.client_id
join crm.deposits as deposits on deposits.account_id = accounts.id
cross join lateral (
    select rules.window_length
    from crm.aml_rules as rules
    where rules.tenant_id = cases.tenant_id or rules.tenant_id is null
    order by rules.tenant_id nulls last
    limit 1) as rule
where cases.reason = 'threshold'
  and deposits.created_at > cases.opened_at - rule.window_length
  and deposits.created_at <= cases.opened_at
order by deposits.id, cases.opened_at;
