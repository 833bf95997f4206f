package journal

// Reconcile decides, after a reload, what to do with each job that had not
// ended: one that was sending (its PUT may or may not have landed), waiting
// or queued. current maps IVR ids to the numbers they hold now, read after
// the reload. A job whose IVR already satisfies its intent is done; every
// other unended job is queued again, including one whose IVR was not re-read.
//
// Queuing again is always safe — a job re-reads its IVR and replays its
// intent, which changes nothing that already landed — so "done" only saves a
// PUT and keeps the counts honest. Jobs that ended are left alone. Both lists
// are in job order. b is not modified; the caller records the outcome with
// SetJob.
func Reconcile(b *Batch, current map[string][]string) (requeue []string, done []string) {
	for _, job := range b.Jobs {
		if JobEnded(job.State) {
			continue
		}
		numbers, read := current[job.IVRID]
		if read && job.Intent.Satisfied(numbers) {
			done = append(done, job.ID)
		} else {
			requeue = append(requeue, job.ID)
		}
	}
	return requeue, done
}
