-- Who chose an answer (the respondents with one area of need, say) is read from the index alone,
-- rather than from every answer row to the question. It replaces the index on the question only,
-- which it serves as well, so answers keep the same number of indexes to write.
drop index answers_question;
create index answers_question_choice on answers (question_id, choice, response_id);
