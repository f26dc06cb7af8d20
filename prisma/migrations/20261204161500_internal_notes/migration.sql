-- Private notes between agents live in the thread as messages with their own direction, so every
-- query that means customer traffic (analytics, the reply window) can leave them out by direction.
ALTER TYPE "Direction" ADD VALUE 'INTERNAL';
