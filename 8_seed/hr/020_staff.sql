-- A few hundred employees with four workweeks of shifts and punches, set-based.
select seed.hr_generate_staff(hotels.id, staff.count, staff.first_n, staff.domain, seed.demo_password_hash())
from (values ('Demo Hotels', 'Harbor View', 150, 1, 'harbor.hr.demo'),
             ('Demo Hotels', 'Alpine Lodge', 130, 1, 'alpine.hr.demo'),
             ('Other Hotels', 'Lakeside Inn', 12, 1, 'lakeside.other-hr.demo')) as staff (tenant, hotel, count, first_n, domain)
join core.tenants as tenants on tenants.app = 'hr' and tenants.name = staff.tenant
join hr.hotels as hotels on hotels.tenant_id = tenants.id and hotels.name = staff.hotel;
