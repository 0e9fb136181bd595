-- Figures read every answer of a survey's sent responses: one index holding what
-- they count saves a table lookup per answer (and makes the old one redundant).
create index answers_covering on answers (response_id, question_id, choice, number_value);
drop index answers_response;
