-- The reference for immunizations_guardian: the same rows (the doses of the guardian's children) read by the table owner, without row level security, the request's role or the views.
begin;
select coalesce(pg_catalog.json_agg(doses), '[]')
from (select immunizations.id, immunizations.student_id, immunizations.vaccine, immunizations.given_on, immunizations.created_at
      from med.immunizations as immunizations
      where immunizations.student_id = any ((select reader.student_ids from bench_med.guardian_reader as reader)::uuid[])) as doses;
commit;
