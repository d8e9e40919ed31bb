create function med_private.current_guardian_id()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    return (
        select guardians.id
        from med.guardians as guardians
        where guardians.user_id = (select core.current_user_id()));
end
$$;
comment on function med_private.current_guardian_id() is 'The guardian row of the acting user (null for anyone but a guardian with a login). Used by the row level policies of med_reader and by med_api.record_consent; security definer (search_path '''').';
