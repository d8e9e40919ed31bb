-- core.has_text: a required text must hold a character that shows.
-- core.is_email: an address holds no white space or invisible character.
begin;
select plan(31);

select ok(core.has_text('a'), 'a letter is text');
select ok(core.has_text(U&' \00A0x\200B '), 'a letter among spaces is text');
select ok(core.has_text('Mehr' || U&'\200C' || 'dad'), 'a name holding a zero-width non-joiner (Persian) is text');
select ok(not core.has_text(null), 'null is none');
select ok(not core.has_text(''), 'the empty text is none');
select ok(not core.has_text('   '), 'spaces are none');
select ok(not core.has_text(E'\t\n\r\f' || chr(11)), 'tabs, line breaks, form and vertical feeds are none');
select ok(not core.has_text(U&'\00A0\2007\202F\3000'), 'no-break, figure, narrow no-break and ideographic spaces are none');
select ok(not core.has_text(U&'\200B\200C\200D\2060\FEFF'), 'zero-width space, joiners, word joiner and byte order mark are none');
select ok(not core.has_text(U&'\00AD'), 'a soft hyphen alone is none');
select ok(not core.has_text(U&'\200E\200F\202A\202E\2066\2069'), 'direction marks, embeddings and isolates are none');
select ok(not core.has_text(U&'\FE0F\034F\180E'), 'a variation selector, the grapheme joiner and the Mongolian vowel separator are none');

select ok(not core.has_text(U&'\+0E0100\+0E0041\FFF9\+01D173'), 'variation selectors of plane 14, tag characters, an annotation anchor and a musical format control are none');
select ok(not core.has_text(U&'\2800\2800'), 'the blank Braille pattern is none');
select ok(not core.has_text(U&'\+01D159'), 'the musical null notehead, drawn as nothing, is none');
select ok(core.has_text(U&'\2801'), 'a Braille dot is text');
select is(core.without_invisible('Ngu' || U&'\00AD' || 'yen' || U&'\+0E0041'), 'Nguyen', 'without_invisible removes a soft hyphen and a tag character');
select ok(core.is_email('client1@crm.demo'), 'an address is an e-mail');
select ok(core.is_email('Ana.Lopez+hr@mail.example.org'), 'dots and a plus before the @ are an e-mail');
select ok(not core.is_email('client1crm.demo'), 'no @: not an e-mail');
select ok(not core.is_email('client1@crm'), 'no dot after the @: not an e-mail');
select ok(not core.is_email('a@b@crm.demo'), 'two @: not an e-mail');
select ok(not core.is_email(E'client1@crm.demo\t'), 'a tab: not an e-mail');
select ok(not core.is_email('client1@crm.demo' || U&'\00A0'), 'a no-break space: not an e-mail');
select ok(not core.is_email(U&'\200Bclient1@crm.demo'), 'a zero-width space: not an e-mail');
select ok(not core.is_email('client1@crm.demo' || U&'\+0E0041'), 'a tag character: not an e-mail');
select ok(not core.is_email('client1@crm.demo' || U&'\FFF9'), 'an interlinear annotation anchor: not an e-mail');
select ok(core.is_email('ben.müller.3@example.com'), 'a letter outside ASCII is an e-mail (an internationalized address)');
select ok(not core.is_email('client1@crm.demo' || U&'\2800'), 'a blank Braille pattern: not an e-mail');
select ok(not core.is_email('client1@crm.demo' || U&'\+01D173'), 'a musical format control: not an e-mail');
select is(core.is_email(null), null, 'null is unknown');

select * from finish();
rollback;
