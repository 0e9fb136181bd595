-- A flagged response withdrawn by the person who sent it stays for the safeguarding record: its
-- answers leave every result, its codes stop working, and this says when it was withdrawn. Null
-- for every other response (an unflagged response withdrawn is deleted).
alter table responses add column withdrawn_at bigint;
