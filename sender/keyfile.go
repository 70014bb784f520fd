package sender

import (
	"fmt"
	"io"
	"strings"

	"github.com/rk-tui/rk-tui/template"
)

// maxKeyFile bounds what KeyFromFile reads: a key is 32 characters.
const maxKeyFile = 4096

// ReadKeyFile sets the API key from a file that holds the key alone
// (surrounding space ignored, at most 4 KiB), and names the file as where
// the key came from. A FIFO or a device is refused at once instead of
// blocking. warning is set when other users may read the file. Errors are
// a *ConfigError on SettingAPIKeyFile; none holds the key.
func (o *Options) ReadKeyFile(path string) (warning string, err error) {
	key, warning, err := keyFromFile(path, o.called(SettingAPIKeyFile))
	if err == nil {
		o.APIKey, o.APIKeySource = key, o.called(SettingAPIKeyFile)+" "+template.DisplayName(path)
	}
	return warning, err
}

func keyFromFile(path, called string) (key, warning string, err error) {
	name := template.DisplayName(path)
	f, err := template.OpenRegular(path)
	if err != nil {
		return "", "", &ConfigError{Setting: SettingAPIKeyFile, Msg: fmt.Sprintf("%s: %v; give the path of a file that holds only the API key", called, err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
		warning = fmt.Sprintf("%s can be read by other users (mode %04o); chmod 600 %s", name, st.Mode().Perm(), name)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return "", warning, &ConfigError{Setting: SettingAPIKeyFile, Msg: fmt.Sprintf("the key file %s cannot be read: %v", name, err)}
	}
	if len(data) > maxKeyFile {
		return "", warning, &ConfigError{Setting: SettingAPIKeyFile, Msg: fmt.Sprintf("the key file %s is over %d bytes; it must hold only the API key", name, maxKeyFile)}
	}
	key = strings.TrimSpace(string(data))
	if key == "" {
		return "", warning, &ConfigError{Setting: SettingAPIKeyFile, Msg: fmt.Sprintf("the key file %s is empty; put the API key in it (Organization Settings > API Keys in Datadog)", name)}
	}
	return key, warning, nil
}
