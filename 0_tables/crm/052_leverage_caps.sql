create table crm.leverage_caps (
    tenant_id uuid references core.tenants (id),
    classification text not null,
    instrument_class text not null,
    max_leverage int not null,
    legal_basis text not null,
    constraint leverage_caps_key unique nulls not distinct (tenant_id, classification, instrument_class),
    constraint leverage_caps_classification_is_known check (classification in ('retail', 'professional')),
    constraint leverage_caps_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint leverage_caps_max_leverage_is_positive check (max_leverage > 0),
    constraint leverage_caps_legal_basis_not_blank check (legal_basis ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]')
);
comment on table crm.leverage_caps is 'Rule table: the highest leverage a client of a classification may use on an instrument class (ESMA product intervention for retail; the brokerage''s own limits for professionals), with where each cap comes from. An account''s leverage is capped by the highest cap of the client''s classification; each position by the cap of its instrument class at opening. Rows with a null tenant are the default; a brokerage''s own row (stricter, say) replaces the default for it.';
comment on column crm.leverage_caps.legal_basis is 'Where the cap comes from: the article of ESMA Decision (EU) 2018/796 (retail), or the brokerage''s risk policy (professional).';

insert into crm.leverage_caps (tenant_id, classification, instrument_class, max_leverage, legal_basis)
values
    (null, 'retail', 'fx_major', 30, 'ESMA Decision (EU) 2018/796, Annex I point 1(a): initial margin 3.33 % (30:1) for major currency pairs (any two of USD, EUR, JPY, GBP, CAD, CHF)'),
    (null, 'retail', 'fx_minor', 20, 'ESMA Decision (EU) 2018/796, Annex I point 1(b): initial margin 5 % (20:1) for non-major currency pairs'),
    (null, 'retail', 'gold', 20, 'ESMA Decision (EU) 2018/796, Annex I point 1(b): initial margin 5 % (20:1) for gold'),
    (null, 'retail', 'index_major', 20, 'ESMA Decision (EU) 2018/796, Annex I point 1(b): initial margin 5 % (20:1) for major equity indices'),
    (null, 'retail', 'commodity_other', 10, 'ESMA Decision (EU) 2018/796, Annex I point 1(c): initial margin 10 % (10:1) for commodities other than gold and non-major equity indices'),
    (null, 'retail', 'equity', 5, 'ESMA Decision (EU) 2018/796, Annex I point 1(e): initial margin 20 % (5:1) for individual equities and other reference values'),
    (null, 'retail', 'crypto', 2, 'ESMA Decision (EU) 2018/796, Annex I point 1(d): initial margin 50 % (2:1) for cryptocurrencies'),
    (null, 'professional', 'fx_major', 500, 'brokerage risk policy (professional clients are outside the ESMA retail caps)'),
    (null, 'professional', 'fx_minor', 500, 'brokerage risk policy (professional clients are outside the ESMA retail caps)'),
    (null, 'professional', 'gold', 500, 'brokerage risk policy (professional clients are outside the ESMA retail caps)'),
    (null, 'professional', 'index_major', 500, 'brokerage risk policy (professional clients are outside the ESMA retail caps)'),
    (null, 'professional', 'commodity_other', 200, 'brokerage risk policy (professional clients are outside the ESMA retail caps)'),
    (null, 'professional', 'equity', 50, 'brokerage risk policy (professional clients are outside the ESMA retail caps)'),
    (null, 'professional', 'crypto', 20, 'brokerage risk policy (professional clients are outside the ESMA retail caps)');
