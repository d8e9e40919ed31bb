-- Every CRM-1 table writes its changes to core.audit_log (CRM-2's tables: audit_money.sql).
create trigger audit after insert or update or delete on crm.desks for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.staff for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.ibs for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.country_rules for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.status_transitions for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.clients for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.client_events for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.kyc_documents for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.classification_changes for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.aml_rules for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.aml_cases for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.fx_rates for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.ib_commission_rates for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.ib_rate_overrides for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.commission_rules for each row execute function core.audit();
create trigger audit after insert or update or delete on crm.ib_commissions for each row execute function core.audit();
