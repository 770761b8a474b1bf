-- Where an answer to a message goes, when not to its sender: the contact
-- form's copy for staff answers the person who wrote.
ALTER TABLE mail_outbox ADD COLUMN reply_to TEXT;
