-- Statistics.  Contacts are counted per local (Warsaw) day and combination
-- of the attributes the statistics break them down by, in the same
-- transaction as every contact write (hotline/contact_store.c), so that a
-- year's figures add up a few thousand rows instead of reading a year of
-- contacts.  `haven stats rebuild` recounts it from the contacts.
CREATE TABLE contact_day (
	day		TEXT NOT NULL,
	inquirer	TEXT NOT NULL,
	channel		TEXT NOT NULL,
	out_of_hours	INTEGER NOT NULL,
	urgency		TEXT NOT NULL,
	topics		BIGINT NOT NULL,
	n		BIGINT NOT NULL,
	PRIMARY KEY (day, inquirer, channel, out_of_hours, urgency, topics)
);
