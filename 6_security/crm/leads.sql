-- Leads: anonymous visitors (with a referral code or the x-brokerage header), agents and managers register them.
grant execute on function crm_api.register_lead(text, text, text, text, text) to anon, crm_agent, crm_manager;
