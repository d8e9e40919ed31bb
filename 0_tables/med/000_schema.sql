create schema med;
comment on schema med is 'School health data: districts, schools, students, guardians, health profiles, medication, visits, immunizations, screenings. Tables only; never exposed.';
grant usage on schema med to med_reader;
