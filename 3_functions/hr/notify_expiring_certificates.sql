create function hr_private.notify_expiring_certificates(within_days int default 30)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    queued int;
begin
    -- one core.enqueue_many per tenant, the certificates in id order
    select pg_catalog.count(*)::int
    into queued
    from (
        select certifications.tenant_id,
               pg_catalog.array_agg(
                   pg_catalog.jsonb_build_object(
                       'app', 'hr',
                       'template', 'certificate_expiring',
                       'to', employees.email,
                       'to_name', employees.full_name,
                       'tenant_name', tenants.name,
                       'certification_id', certifications.id,
                       'employee_name', employees.full_name,
                       'kind', certifications.kind,
                       'expires_on', certifications.expires_on)
                   order by certifications.id) as payloads,
               pg_catalog.array_agg(pg_catalog.format('%s:%s', certifications.id, certifications.expires_on)
                                    order by certifications.id) as dedupe_keys
        from hr.certifications as certifications
        join hr.employees as employees on employees.id = certifications.employee_id
        join hr.hotels as hotels on hotels.id = employees.hotel_id
        join core.tenants as tenants on tenants.id = certifications.tenant_id
        -- still employed on the expiry day: one serving notice works, and
        -- may be scheduled into the position, until the last day
        where (employees.terminated_on is null or employees.terminated_on >= certifications.expires_on)
          and certifications.expires_on >= (now() at time zone hotels.time_zone)::date
          and certifications.expires_on <= (now() at time zone hotels.time_zone)::date + notify_expiring_certificates.within_days
          -- only the newest certificate of a kind: a renewed one silences the old
          and not exists (select from hr.certifications as newer
                          where newer.employee_id = certifications.employee_id
                            and newer.kind = certifications.kind
                            and newer.expires_on > certifications.expires_on)
        group by certifications.tenant_id
    ) as per_tenant
    cross join lateral core.enqueue_many('mailer.certificate_expiring', per_tenant.payloads, now(), per_tenant.dedupe_keys,
                                         per_tenant.tenant_id) as jobs (id);
    return queued;
end
$$;
comment on function hr_private.notify_expiring_certificates(int) is 'Queues mailer.certificate_expiring to each employee still employed on the expiry day (no last day, or a last day on or after it: one serving notice is told too) whose newest certificate of a kind expires within the next within_days days (hotel-local), once per certificate and expiry (dedupe key); one core.enqueue_many per tenant. Returns how many certificates it looked at. Run daily by pg_cron (7_schedule/hr/certificates.sql); no API role may call it.';
