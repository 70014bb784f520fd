package sender

// Settings of a send, by name. A *ConfigError names the one it refuses in
// its Setting field, and messages that tell a user what to change call a
// setting by the caller's own name for it (Options.SettingName: a flag of
// rk-tui send, a field of the studio), or else in plain words. So the
// studio never tells anyone to pass a flag it does not have.
const (
	SettingSite       = "site"
	SettingAPIURL     = "api-url"
	SettingAPIKey     = "api-key"      // the key itself (from DD_API_KEY)
	SettingAPIKeyFile = "api-key-file" // a file that holds the key
	SettingAppKey     = "app-key"      // the application key (DD_APP_KEY)
	SettingAgent      = "agent"
	SettingValue      = "value"
	SettingInterval   = "interval"
	SettingPoints     = "points"
	SettingHost       = "host"
	SettingTimeout    = "timeout"
	SettingRetries    = "retries"
	SettingValidate   = "validate" // the key check, on unless skipped
	SettingTemplate   = "template" // the template itself, not a setting
)

// settingWords are the plain words for a setting, for callers without
// names of their own.
var settingWords = map[string]string{
	SettingSite:       "the Datadog site",
	SettingAPIURL:     "the API URL",
	SettingAPIKey:     "the API key",
	SettingAPIKeyFile: "a key file",
	SettingAppKey:     "the application key",
	SettingAgent:      "the agent address",
	SettingValue:      "the test value",
	SettingInterval:   "the interval",
	SettingPoints:     "the number of points",
	SettingHost:       "the host",
	SettingTimeout:    "the timeout",
	SettingRetries:    "the number of retries",
	SettingValidate:   "the key check",
}

// called is how messages name a setting: the caller's name for it, else
// plain words.
func (o *Options) called(setting string) string {
	if o.SettingName != nil {
		if n := o.SettingName(setting); n != "" {
			return n
		}
	}
	if w, ok := settingWords[setting]; ok {
		return w
	}
	return setting
}

// via names a setting in parentheses after plain words, " (--timeout)",
// when the caller has a name for it; "" when it has none.
func (o *Options) via(setting string) string {
	if o.SettingName != nil {
		if n := o.SettingName(setting); n != "" {
			return " (" + n + ")"
		}
	}
	return ""
}
