-- An issued report's workbook, made when it was issued from the same figures as its body, so
-- that the workbook a board was sent opens again unchanged too. Reports issued before this
-- column existed have none.
alter table issued_reports add column workbook bytea;
