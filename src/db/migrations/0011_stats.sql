-- Statistics.  Contacts are counted per local (Warsaw) day, and month, and combination
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

-- The same per local month ("YYYY-MM"): whole months of a period are read
-- here (a year is a twelfth of the days' rows or less), the days only at
-- its ragged ends.
CREATE TABLE contact_month (
	month		TEXT NOT NULL,
	inquirer	TEXT NOT NULL,
	channel		TEXT NOT NULL,
	out_of_hours	INTEGER NOT NULL,
	urgency		TEXT NOT NULL,
	topics		BIGINT NOT NULL,
	n		BIGINT NOT NULL,
	PRIMARY KEY (month, inquirer, channel, out_of_hours, urgency, topics)
);

-- The statistics read each source by the period: indexes on those dates.
CREATE INDEX pathway_item_updated ON pathway_item (updated_at);
CREATE INDEX referral_sent ON referral (sent_on);
CREATE INDEX interpreter_booking_starts ON interpreter_booking (starts_at);
