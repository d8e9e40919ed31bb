-- The administration record, controlled substance counts and the read log
-- of health records are legal records: append-only for everyone (a count's
-- witness stamp is the one update, controlled_counts_witness_once.sql).
create trigger medication_doses_are_append_only
before update or delete on med.medication_doses
for each row execute function core.refuse_change('the medication administration record', 'record a correcting entry instead');

create trigger medication_doses_no_truncate
before truncate on med.medication_doses
for each statement execute function core.refuse_change('the medication administration record');

create trigger controlled_counts_are_append_only
before delete on med.controlled_counts
for each row execute function core.refuse_change('the controlled substance count log');

create trigger controlled_counts_no_truncate
before truncate on med.controlled_counts
for each statement execute function core.refuse_change('the controlled substance count log');

create trigger health_record_reads_are_append_only
before update or delete on med.health_record_reads
for each row execute function core.refuse_change('the health record read log');

create trigger health_record_reads_no_truncate
before truncate on med.health_record_reads
for each statement execute function core.refuse_change('the health record read log');
