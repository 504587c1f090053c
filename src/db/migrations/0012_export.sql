-- The anonymised export (src/stats/export.h).  The answers of a screening
-- are sealed and are never opened for statistics, so when a screening is
-- completed the means of control its "yes" answers name are kept here, in
-- clear, as a bit set over the HTCDS means of control (export.h, enum
-- export_means; the indicators each stands for are in export.c).  NULL:
-- completed before this column existed (sealed answers cannot be read
-- back for a backfill): exported as meansOfControlNotSpecified.
ALTER TABLE screening ADD COLUMN means_of_control INTEGER;
