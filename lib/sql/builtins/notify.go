// The functions of PostgreSQL's commands/async.c: pg_notify,
// pg_listening_channels and pg_notification_queue_usage, over the
// session's expr.AsyncNotify.

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func asyncNotify(ec *expr.EvalContext) (expr.AsyncNotify, error) {
	if p, ok := ec.Catalog.(expr.AsyncNotifyProvider); ok {
		if a, ok := p.AsyncNotify(); ok {
			return a, nil
		}
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "LISTEN and NOTIFY are not available in this session")
}

func addNotifyImpls(m map[string]implEntry) {
	// pg_notify is not strict: a NULL channel is an empty one, a NULL
	// payload an empty payload (pg_notify in async.c).
	m["pg_notify"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		channel, payload := "", ""
		if !a[0].IsNull() {
			channel = a[0].Text()
		}
		if !a[1].IsNull() {
			payload = a[1].Text()
		}
		an, err := asyncNotify(ec)
		if err != nil {
			return types.Null, err
		}
		return types.Int(0), an.Notify(channel, payload)
	})
	m["pg_notification_queue_usage"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		an, err := asyncNotify(ec)
		if err != nil {
			return types.Null, err
		}
		return types.Float8(an.NotificationQueueUsage()), nil
	})
}

// listeningChannels is pg_listening_channels().
func listeningChannels(ec *expr.EvalContext, _ []types.Datum) (next, error) {
	an, err := asyncNotify(ec)
	if err != nil {
		return nil, err
	}
	channels := an.ListeningChannels()
	return func() (types.Datum, bool, error) {
		if len(channels) == 0 {
			return types.Null, false, nil
		}
		c := channels[0]
		channels = channels[1:]
		return types.Text(c), true, nil
	}, nil
}
