create function med_private.drug_key(medication text, is_epinephrine boolean)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
    select case when drug_key.is_epinephrine then 'epinephrine'
                -- invisible characters (a soft hyphen, a zero-width space or
                -- joiner pasted with the name) removed, NFKC, every run of
                -- white space (a tab, a no-break space) one space, trimmed,
                -- dashes made -, lowercased for every letter (not A-Z only)
                else med_private.name_folded(drug_key.medication)
           end
$$;
comment on function med_private.drug_key(text, boolean) is 'What makes two medication orders of a student the same drug, whose doses share one daily maximum and one minimum interval (med_api.administer_medication): the medication name as med_private.single_spaced keeps it (the invisible format characters removed: soft hyphen, zero-width space and joiners, word joiner, ...; NFKC; every run of white space, tabs and no-break spaces included, made one space; trimmed), then as med_private.name_folded folds it (typographic apostrophes and dashes made '' and -, lowercased for every letter, not A-Z only: "PARACÉTAMOL" = "Paracétamol"; ß made ss), so "Ibuprofen" = " ibuprofen  " = "IBUPROFEN" = "Ibuprofen" followed by a tab or a no-break space = "Ibu<U+00AD>profen" = "Ibuprofen<U+2060>"), and every epinephrine order (recognised by name or brand, med.medication_orders.is_epinephrine) is one drug whatever its brand. Names that differ otherwise (a brand and its generic, "Tylenol" and "Acetaminophen") are different drugs to the database: the nurse enters the generic name. Internal.';
