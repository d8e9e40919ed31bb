-- The med_api surface: usage for every school health role and anon, login
-- for all of them, me for the logged-in roles. Each capability's grants
-- follow in the other files of this folder.
grant usage on schema med_api to anon, med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;
grant usage on schema med_private to med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;

grant execute on function med_api.login(text, text)
to anon, med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;

grant execute on function med_api.me()
to med_nurse, med_aide, med_teacher, med_guardian, med_supervisor;
