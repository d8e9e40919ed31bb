-- A few hundred students with their families and health histories,
-- set-based (see seed.generate_med).
select seed.generate_med(1);
