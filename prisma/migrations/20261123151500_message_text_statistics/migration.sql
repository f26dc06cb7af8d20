-- Inbox search asks the planner how many messages a term matches, to pick between walking the inbox and
-- the trigram index. The default statistics (100) cannot tell a term in 0.5% of messages from a rare one.
ALTER TABLE "Message" ALTER COLUMN "text" SET STATISTICS 1000;
