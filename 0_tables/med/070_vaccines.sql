create table med.vaccines (
    code text primary key,
    tenant_id uuid references core.tenants (id),
    name text not null,
    is_live boolean not null,
    constraint vaccines_code_is_known check (code in ('DTaP', 'Polio', 'MMR', 'HepB', 'Varicella', 'Tdap', 'MenACWY'))
);
comment on table med.vaccines is 'Rule table: the vaccines school entry requires. Live vaccines (MMR, Varicella) must be 28 days apart from another live vaccine, with no grace period. tenant_id null: the same for every district.';

insert into med.vaccines (code, name, is_live)
values
    ('DTaP', 'Diphtheria, tetanus and acellular pertussis', false),
    ('Polio', 'Inactivated poliovirus (IPV)', false),
    ('MMR', 'Measles, mumps and rubella', true),
    ('HepB', 'Hepatitis B', false),
    ('Varicella', 'Varicella (chickenpox)', true),
    ('Tdap', 'Tetanus, diphtheria and acellular pertussis booster', false),
    ('MenACWY', 'Meningococcal conjugate (A, C, W, Y)', false);
