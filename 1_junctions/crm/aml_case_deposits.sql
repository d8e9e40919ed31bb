-- A junction of threshold AML cases and the deposits they count; it lives
-- here because crm.deposits (0_tables/crm/080) is created after the cases.
create table crm.aml_case_deposits (
    tenant_id uuid not null,
    case_id uuid not null references crm.aml_cases (id),
    deposit_id uuid not null references crm.deposits (id),
    constraint aml_case_deposits_pkey primary key (case_id, deposit_id),
    constraint aml_case_deposits_deposit_id_key unique (deposit_id)
);
comment on table crm.aml_case_deposits is 'The deposits a threshold AML case counts: those of the window that opened it, and every deposit of the client while it is open (crm_private.check_aml). A deposit is counted by one case at most; once that case is cleared, it counts toward no other.';
