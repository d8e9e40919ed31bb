package testrun

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSettingValue(t *testing.T) {
	t.Parallel()
	require.Equal(t, `'$user', 'public', 'a b', 'We''ird"x'`,
		settingValue("search_path", `"$user", public, "a b", "We'ird""x"`))
	require.Equal(t, `'crm_api', 'core'`, settingValue("search_path", "crm_api, core"))
	require.Equal(t, `''`, settingValue("search_path", ""))
	require.Equal(t, `'it''s, secret'`, settingValue("app.jwt_secret", "it's, secret"))
}

func TestIsCommit(t *testing.T) {
	t.Parallel()
	require.True(t, isCommit("-- thick: commit\nbegin;"))
	require.True(t, isCommit("--  THICK: COMMIT  \r\n"))
	require.False(t, isCommit("begin;\n-- thick: commit\n"))
}
