create trigger audit
after insert or update or delete on core.tenants
for each row execute function core.audit();

create trigger audit
after insert or update or delete on core.users
for each row execute function core.audit('password_hash');

-- documents: who stored which document is audited, never its bytes
create trigger audit
after insert or update or delete on core.documents
for each row execute function core.audit('content');
