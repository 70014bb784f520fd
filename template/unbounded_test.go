package template

import "testing"

func TestLooksUnboundedNamesIDsNotCategories(t *testing.T) {
	for key, want := range map[string]bool{
		"user_id": true, "userId": true, "request_id": true, "session": true, "uuid": true, "email": true,
		"client_ip": true, "timestamp": true, "trace_id": true, "order_id": true, "customer_id": true, "id": true,
		"customer_tier": false, "order_status": false, "time_bucket": false, "sort_order": false,
		"status": false, "region": false, "env": false, "account_type": false, "cart_size": false,
	} {
		if got := LooksUnbounded(key); got != want {
			t.Errorf("LooksUnbounded(%q) = %v, want %v", key, got, want)
		}
	}
}
