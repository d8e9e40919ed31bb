create table hr.wage_rules (
    id int generated always as identity primary key,
    tenant_id uuid references core.tenants (id),
    jurisdiction text not null,
    effective_from date not null,
    minimum_wage numeric not null,
    tip_credit numeric not null default 0,
    currency text not null,
    constraint wage_rules_rule_key unique nulls not distinct (tenant_id, jurisdiction, effective_from),
    constraint wage_rules_jurisdiction_is_known check (jurisdiction in ('US', 'EU')),
    constraint wage_rules_minimum_wage_is_positive check (minimum_wage > 0),
    constraint wage_rules_tip_credit_in_range check (tip_credit >= 0 and tip_credit < minimum_wage),
    constraint wage_rules_currency_is_iso check (currency ~ '^[A-Z]{3}$'),
    constraint wage_rules_minimum_wage_is_finite check (minimum_wage not in ('NaN', 'Infinity', '-Infinity')),
    constraint wage_rules_tip_credit_is_finite check (tip_credit not in ('NaN', 'Infinity', '-Infinity'))
);
comment on table hr.wage_rules is 'Rule table (the row with a null tenant is the default; a tenant''s own row overrides it): the hourly minimum wage and the tip credit (how much of it tips may cover for a tipped employee, whose cash wage may be minimum_wage - tip_credit). A tipped employee''s overtime premium is computed on the full minimum wage, not on the cash wage. US (FLSA): 7.25 USD, tip credit 5.12 (cash wage 2.13).';

insert into hr.wage_rules (jurisdiction, effective_from, minimum_wage, tip_credit, currency)
values ('US', date '2009-07-24', 7.25, 5.12, 'USD'),
       ('EU', date '2000-01-01', 24.00, 0, 'CHF');
