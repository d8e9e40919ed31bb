create schema hr;
comment on schema hr is 'Hotel HR data: hotels, departments, positions, employees, pay rates, hiring, certifications, shifts, punches, leave, payroll, and the jurisdiction rule tables. Tables only; never exposed.';
grant usage on schema hr to hr_reader;
