// Directives of the loaded modules that only the server configuration may use. In an access
// file Apache answers "X not allowed here" (not "Invalid command"), so they are listed.

import { serverOnly } from './define.js';
import type { DirectiveSpec } from './spec.js';

export const serverOnlyDirectives: readonly DirectiveSpec[] = [
  serverOnly(
    'AllowOverride',
    'core',
    'Controls what groups of directives can be configured by per-directory config files',
  ),
  serverOnly(
    'AllowOverrideList',
    'core',
    'Controls what individual directives can be configured by per-directory config files',
  ),
  serverOnly('AccessFileName', 'core', 'Name(s) of per-directory config files (default: .htaccess)'),
  serverOnly('DocumentRoot', 'core', 'Root directory of the document tree'),
  serverOnly('ServerName', 'core', 'The hostname and port of the server'),
  serverOnly('ServerAlias', 'core', 'A name or names alternately used to access the server'),
  serverOnly('ServerAdmin', 'core', 'The email address of the server administrator'),
  serverOnly('ServerPath', 'core', 'The pathname the server can be reached at'),
  serverOnly('ServerTokens', 'core', 'Tokens displayed in the Server: header'),
  serverOnly('ErrorLog', 'core', 'The filename of the error log'),
  serverOnly('LogLevel', 'core', 'Level of verbosity in error logging'),
  serverOnly('Timeout', 'core', 'Timeout duration (sec)'),
  serverOnly('KeepAlive', 'core', 'Whether persistent connections should be On or Off'),
  serverOnly('KeepAliveTimeout', 'core', 'Keep-Alive timeout duration (sec)'),
  serverOnly('MaxKeepAliveRequests', 'core', 'Maximum number of Keep-Alive requests per connection'),
  serverOnly(
    'HostnameLookups',
    'core',
    '"on" to enable, "off" to disable reverse DNS lookups, or "double" to enable double-reverse DNS lookups',
  ),
  serverOnly('UseCanonicalName', 'core', 'How to work out the ServerName : Port when constructing URLs'),
  serverOnly('UseCanonicalPhysicalPort', 'core', 'Whether to use the physical Port when constructing URLs'),
  serverOnly('AllowEncodedSlashes', 'core', "Allow URLs containing '/' encoded as '%2F'"),
  serverOnly('TraceEnable', 'core', "'on' (default), 'off' or 'extended' to trace request body content"),
  serverOnly('LimitRequestLine', 'core', 'Limit on maximum size of an HTTP request line'),
  serverOnly('LimitRequestFields', 'core', 'Limit (0 = unlimited) on max number of header fields in a request message'),
  serverOnly('LimitRequestFieldSize', 'core', 'Limit on maximum size of an HTTP request header field'),
  serverOnly('Listen', 'core', 'A port number or a numeric IP address and a port number, and an optional protocol'),
  serverOnly('PidFile', 'core', 'A file for logging the server process ID'),
  serverOnly('Mutex', 'core', 'mutex (or "default") and mechanism'),
  serverOnly('Alias', 'mod_alias', 'a fakename and a realname, or a realname in a Location'),
  serverOnly('AliasMatch', 'mod_alias', 'a regular expression and a filename'),
  serverOnly('ScriptAlias', 'mod_alias', 'a fakename and a realname, or a realname in a Location'),
  serverOnly('ScriptAliasMatch', 'mod_alias', 'a regular expression and a filename'),
  serverOnly('TypesConfig', 'mod_mime', 'the MIME types config file'),
  serverOnly('ModMimeUsePathInfo', 'mod_mime', 'Set to On to allow mod_mime to use path info for type checking'),
];

/**
 * Server directives Apache executes while reading the file (EXEC_ON_READ): in an access file
 * they fail during reading, before any other directive is checked.
 */
export const READ_TIME_SERVER_DIRECTIVES: readonly string[] = [
  'Include',
  'IncludeOptional',
  'Define',
  'UnDefine',
  'ServerRoot',
  'LoadModule',
  'LoadFile',
];
