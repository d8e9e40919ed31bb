-- A whole-batch operation: every item at once.
-- bench: once
update tiny.items set qty = 0;
