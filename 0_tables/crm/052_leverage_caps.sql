create table crm.leverage_caps (
    classification text not null,
    instrument_class text not null,
    max_leverage int not null,
    constraint leverage_caps_pkey primary key (classification, instrument_class),
    constraint leverage_caps_classification_is_known check (classification in ('retail', 'professional')),
    constraint leverage_caps_class_is_known check (instrument_class in ('fx_major', 'fx_minor', 'gold', 'index_major', 'commodity_other', 'equity', 'crypto')),
    constraint leverage_caps_max_leverage_is_positive check (max_leverage > 0)
);
comment on table crm.leverage_caps is 'Rule table: the highest leverage a client of a classification may use on an instrument class (ESMA product intervention for retail; the brokerage''s own limits for professionals). An account''s leverage is capped by the highest cap of the client''s classification; each position by the cap of its instrument class at opening.';

insert into crm.leverage_caps (classification, instrument_class, max_leverage)
values
    ('retail', 'fx_major', 30),
    ('retail', 'fx_minor', 20),
    ('retail', 'gold', 20),
    ('retail', 'index_major', 20),
    ('retail', 'commodity_other', 10),
    ('retail', 'equity', 5),
    ('retail', 'crypto', 2),
    ('professional', 'fx_major', 500),
    ('professional', 'fx_minor', 500),
    ('professional', 'gold', 500),
    ('professional', 'index_major', 500),
    ('professional', 'commodity_other', 200),
    ('professional', 'equity', 50),
    ('professional', 'crypto', 20);
