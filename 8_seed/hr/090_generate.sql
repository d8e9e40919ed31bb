-- seed.generate_hr(scale): more of the same for benchmarks. Each unit of
-- scale adds 150 employees to each Demo Hotels hotel (Harbor View, US, and
-- Alpine Lodge, EU), with their logins, contracts, rates, certificates,
-- opening leave, four workweeks of shifts and punches and this week's shifts,
-- set-based like the demo staff.
create function seed.generate_hr(scale int)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    per_hotel constant int := 150;
    hotel record;
    first_n int;
    created int := 0;
begin
    if generate_hr.scale is null or generate_hr.scale < 1 then
        raise exception 'scale must be at least 1, got %', generate_hr.scale using errcode = '22023';
    end if;
    -- numbers past every existing employee keep the generated e-mails unique
    first_n := 100000 + (select pg_catalog.count(*)::int from hr.employees);
    for hotel in
        select hotels.id, hotels.name
        from hr.hotels as hotels
        join core.tenants as tenants on tenants.id = hotels.tenant_id
        where tenants.app = 'hr' and tenants.name = 'Demo Hotels'
        order by hotels.name
    loop
        created := created + seed.hr_generate_staff(hotel.id, per_hotel * generate_hr.scale, first_n,
            case when hotel.name = 'Harbor View' then 'harbor.hr.demo' else 'alpine.hr.demo' end,
            seed.demo_password_hash());
        first_n := first_n + per_hotel * generate_hr.scale;
    end loop;
    return created;
end
$$;
comment on function seed.generate_hr(int) is 'Dev and benchmark only: adds 150 x scale employees to each Demo Hotels hotel with four workweeks of shifts and punches (seed.hr_generate_staff) and returns how many it created. Raises 22023 for a scale below 1.';
