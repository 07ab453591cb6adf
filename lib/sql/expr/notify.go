// The session's LISTEN/NOTIFY state, for the NOTIFY family of statements
// and pg_notify, pg_listening_channels and pg_notification_queue_usage.

package expr

// AsyncNotify is implemented by a session that can listen and notify
// (the backend, over lib/async). LISTEN, UNLISTEN and NOTIFY take effect
// when the transaction commits.
type AsyncNotify interface {
	Listen(channel string) error
	Unlisten(channel string) error
	UnlistenAll() error
	// Notify validates the channel and payload (22023 errors) and queues
	// the notification for commit.
	Notify(channel, payload string) error
	// ListeningChannels lists the channels listened to as of the last
	// commit.
	ListeningChannels() []string
	// NotificationQueueUsage is the fraction of the queue in use.
	NotificationQueueUsage() float64
}

// AsyncNotifyProvider is implemented by EvalContext.Catalog when the
// session has an AsyncNotify.
type AsyncNotifyProvider interface {
	AsyncNotify() (AsyncNotify, bool)
}
