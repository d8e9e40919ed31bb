-- The crm_api surface: usage for every CRM role (the price feed crm_feed included) and anon, login for all of
-- them, me for the logged-in roles. Each capability's grants follow in the
-- other files of this folder.
grant usage on schema crm_api to anon, crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed;
grant usage on schema crm_private to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed;

grant execute on function crm_api.login(text, text)
to anon, crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed;

grant execute on function crm_api.me()
to crm_agent, crm_manager, crm_compliance, crm_finance, crm_client, crm_ib, crm_feed;
