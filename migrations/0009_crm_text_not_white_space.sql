-- Migration 0009: crm text not white space
--
-- Takes a live database from the previous release's 0_tables/1_junctions to
-- this one's. It runs inside the deploy's transaction, after the code of the
-- previous release was dropped and before the new code is created: use the
-- data schemas only, qualify every name, no begin/commit. Never edit it once
-- applied anywhere (deploy refuses a changed checksum): write a new one.

-- The CRM's required texts: btrim strips only the space, so a text of tabs,
-- line breaks or no-break spaces passed for a lead's full name, a KYC
-- document's file name, a deposit's provider reference and the evidence of
-- a professional classification. Each now needs a character that is not
-- white space (the ASCII white space and the Unicode spaces). Validated: a
-- row holding such a text stops the deploy, to be mended first.
alter table crm.clients drop constraint clients_full_name_not_blank;
alter table crm.clients add constraint clients_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table crm.kyc_documents drop constraint kyc_documents_file_name_not_blank;
alter table crm.kyc_documents add constraint kyc_documents_file_name_not_blank check (file_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table crm.deposits drop constraint deposits_provider_ref_not_blank;
alter table crm.deposits add constraint deposits_provider_ref_not_blank check (provider_ref ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
alter table crm.classification_changes drop constraint classification_changes_professional_needs_evidence;
alter table crm.classification_changes add constraint classification_changes_professional_needs_evidence check (
    to_classification <> 'professional' or coalesce(evidence, '') ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]');
