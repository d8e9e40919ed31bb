-- Migration 0014: crm email without invisible
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- A lead's e-mail holding a no-break, zero-width or ideographic space (or
-- another invisible character) passed the check, and de-duplication by
-- e-mail with it: the same address plus one such character made a second
-- client. The check now refuses white space and invisible characters
-- anywhere in the address, as core.is_email does. Validated: a row holding
-- such an address stops the deploy, to be mended first.
alter table crm.clients drop constraint clients_email_is_plausible;
alter table crm.clients add constraint clients_email_is_plausible check (email ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+@[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+\.[^@[:space:]\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\ufeff\uffa0]+$');
