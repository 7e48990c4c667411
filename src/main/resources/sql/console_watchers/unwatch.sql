-- No console polls this instance any more: the triggers stop recording, unless another instance still watches.
DELETE FROM console_watchers WHERE instance = :#instance OR until < now()
