<?php
/**
 * contentlint test oracle: drives the real WordPress shortcode parser and
 * wptexturize from the unpacked Debian "wordpress" package.
 *
 * Nothing here is taken from WordPress: this file only defines small stand-ins
 * for the WordPress runtime (hooks, i18n, options) that the loaded
 * wp-includes files call, then calls the real functions.
 *
 * Protocol: one JSON request on stdin, one JSON response on stdout.
 *
 *   {"op": "do_shortcode", "items": [{"input": S, "registered": [S, ...]}]}
 *   {"op": "texturize", "items": [{"input": S, "registered": [S, ...],
 *       "quotes": {...}?, "no_texturize_shortcodes": [S, ...]?}]}
 *   {"op": "import", "items": [{"input": S, "registered": [S, ...]}]}
 *   {"op": "info"}
 *
 * Every string S may instead be {"$bytes": "<base64>"} to carry bytes that
 * are not valid UTF-8; strings in the response that are not valid UTF-8 are
 * sent back the same way.
 *
 * Response: {"ok": true, "wp_version": "...", "php_version": "...",
 *            "results": [...]} or {"ok": false, "error": "..."}.
 * See tests/oracles/engines.py for the shape of each result.
 */

declare(strict_types=1);

error_reporting( E_ALL );
ini_set( 'display_errors', 'stderr' );

// ---------------------------------------------------------------------------
// Minimal runtime stand-ins (ours).
// ---------------------------------------------------------------------------

const CL_QUOTE_CONTEXTS = array(
	'opening_double' => 'opening curly double quote',
	'closing_double' => 'closing curly double quote',
	'opening_single' => 'opening curly single quote',
	'closing_single' => 'closing curly single quote',
	'apostrophe'     => 'apostrophe',
	'prime'          => 'prime',
	'double_prime'   => 'double prime',
	'en_dash'        => 'en dash',
	'em_dash'        => 'em dash',
);

/** @var array<string, array<int, array<int, array{0: callable, 1: int}>>> */
$GLOBALS['cl_hooks'] = array();
/** @var array<string, string> gettext context => translated text */
$GLOBALS['cl_translations'] = array();
/** @var array<int, string> messages from _doing_it_wrong and PHP notices */
$GLOBALS['cl_warnings'] = array();
/** @var array<string, int> */
$GLOBALS['cl_actions_done'] = array();

function cl_hook_add( string $hook, callable $callback, int $priority, int $accepted_args ): void {
	$GLOBALS['cl_hooks'][ $hook ][ $priority ][] = array( $callback, $accepted_args );
	ksort( $GLOBALS['cl_hooks'][ $hook ] );
}

/**
 * @param array<int, mixed> $args
 * @return mixed
 */
function cl_hook_run( string $hook, array $args ) {
	if ( ! isset( $GLOBALS['cl_hooks'][ $hook ] ) ) {
		return $args[0] ?? null;
	}
	foreach ( $GLOBALS['cl_hooks'][ $hook ] as $callbacks ) {
		foreach ( $callbacks as $entry ) {
			$args[0] = call_user_func_array( $entry[0], array_slice( $args, 0, $entry[1] ) );
		}
	}
	return $args[0] ?? null;
}

function add_filter( $hook_name, $callback, $priority = 10, $accepted_args = 1 ) {
	cl_hook_add( (string) $hook_name, $callback, (int) $priority, (int) $accepted_args );
	return true;
}

function add_action( $hook_name, $callback, $priority = 10, $accepted_args = 1 ) {
	return add_filter( $hook_name, $callback, $priority, $accepted_args );
}

function remove_all_filters( $hook_name, $priority = false ) {
	unset( $GLOBALS['cl_hooks'][ $hook_name ] );
	return true;
}

function has_filter( $hook_name, $callback = false ) {
	return ! empty( $GLOBALS['cl_hooks'][ $hook_name ] );
}

function apply_filters( $hook_name, $value, ...$args ) {
	return cl_hook_run( (string) $hook_name, array_merge( array( $value ), $args ) );
}

function apply_filters_deprecated( $hook_name, $args, $version, $replacement = '', $message = '' ) {
	return cl_hook_run( (string) $hook_name, $args );
}

function do_action( $hook_name, ...$args ) {
	$GLOBALS['cl_actions_done'][ $hook_name ] = ( $GLOBALS['cl_actions_done'][ $hook_name ] ?? 0 ) + 1;
	cl_hook_run( (string) $hook_name, $args === array() ? array( '' ) : $args );
}

function did_action( $hook_name ) {
	return $GLOBALS['cl_actions_done'][ $hook_name ] ?? 0;
}

function __( $text, $domain = 'default' ) {
	return $text;
}

function _x( $text, $context, $domain = 'default' ) {
	return $GLOBALS['cl_translations'][ $context ] ?? $text;
}

function wp_installing( $is_installing = null ) {
	return false;
}

// An object cache that never hits: KSES asks it when a shortcode sits inside
// a quoted HTML attribute.
function wp_cache_get( $key, $group = '', $force = false, &$found = null ) {
	$found = false;
	return false;
}

function wp_cache_set( $key, $data, $group = '', $expire = 0 ) {
	return true;
}

function wp_cache_add( $key, $data, $group = '', $expire = 0 ) {
	return true;
}

function wp_cache_delete( $key, $group = '' ) {
	return true;
}

// Options: only what the loaded files ask for.
add_filter(
	'pre_option_blog_charset',
	static function () {
		return 'UTF-8';
	}
);

// Notices raised through the project's runtime go to the warnings list.
add_action(
	'doing_it_wrong_run',
	static function ( $function_name, $message = '', $version = '' ) {
		$GLOBALS['cl_warnings'][] = "doing_it_wrong: $function_name: $message";
	},
	10,
	3
);
add_filter(
	'doing_it_wrong_trigger_error',
	static function () {
		return false;
	}
);

set_error_handler(
	static function ( int $errno, string $errstr, string $errfile = '', int $errline = 0 ): bool {
		$GLOBALS['cl_warnings'][] = "php[$errno]: $errstr at " . basename( $errfile ) . ":$errline";
		return true;
	}
);

// ---------------------------------------------------------------------------
// Load the real files.
// ---------------------------------------------------------------------------

$cl_root = getenv( 'CONTENTLINT_WP_ROOT' );
if ( false === $cl_root || '' === $cl_root ) {
	$cl_root = '/opt/contentlint-oracles/wordpress/usr/share/wordpress';
}
$cl_root = rtrim( $cl_root, '/' );

define( 'ABSPATH', $cl_root . '/' );
define( 'WPINC', 'wp-includes' );
define( 'WP_DEBUG', false );

function cl_fail( string $message ): void {
	fwrite( STDOUT, json_encode( array( 'ok' => false, 'error' => $message ) ) . "\n" );
	exit( 2 );
}

foreach ( array( 'version.php', 'formatting.php', 'kses.php', 'functions.php', 'shortcodes.php' ) as $cl_file ) {
	$cl_path = ABSPATH . WPINC . '/' . $cl_file;
	if ( ! is_file( $cl_path ) ) {
		cl_fail( "missing $cl_path" );
	}
	require_once $cl_path;
}
// version.php sets $wp_version in file scope.
$GLOBALS['cl_wp_version'] = isset( $wp_version ) ? (string) $wp_version : 'unknown';
$GLOBALS['cl_warnings']   = array();

// ---------------------------------------------------------------------------
// Byte-safe transport.
// ---------------------------------------------------------------------------

/** @param mixed $value */
function cl_in_string( $value ): string {
	if ( is_string( $value ) ) {
		return $value;
	}
	if ( is_array( $value ) && isset( $value['$bytes'] ) && is_string( $value['$bytes'] ) ) {
		$decoded = base64_decode( $value['$bytes'], true );
		if ( false === $decoded ) {
			cl_fail( 'bad base64 in request' );
		}
		return $decoded;
	}
	cl_fail( 'expected a string in request, got ' . gettype( $value ) );
	return '';
}

/** @return array<int, string> */
function cl_in_strings( $value ): array {
	if ( ! is_array( $value ) ) {
		return array();
	}
	return array_map( 'cl_in_string', array_values( $value ) );
}

/**
 * @param mixed $value
 * @return mixed
 */
function cl_out( $value ) {
	if ( is_string( $value ) ) {
		if ( 1 === preg_match( '//u', $value ) ) {
			return $value;
		}
		return (object) array( '$bytes' => base64_encode( $value ) );
	}
	if ( $value instanceof stdClass ) {
		$copy = new stdClass();
		foreach ( get_object_vars( $value ) as $k => $v ) {
			$copy->$k = cl_out( $v );
		}
		return $copy;
	}
	if ( is_array( $value ) ) {
		return array_map( 'cl_out', $value );
	}
	return $value;
}

// ---------------------------------------------------------------------------
// Registration helpers.
// ---------------------------------------------------------------------------

/** @var array<int, array<string, mixed>> */
$GLOBALS['cl_calls'] = array();
/** @var array<int, string>|null the regex match seen by pre_do_shortcode_tag */
$GLOBALS['cl_pending_match'] = null;

/** @param array<int, string> $names */
function cl_register( array $names, callable $callback ): void {
	remove_all_shortcodes();
	foreach ( $names as $name ) {
		add_shortcode( $name, $callback );
	}
}

/**
 * Normalises the WordPress match array to exactly seven strings.
 *
 * @param array<int, mixed> $m
 * @return array<int, string>
 */
function cl_groups( array $m ): array {
	$out = array();
	for ( $i = 0; $i <= 6; $i++ ) {
		$out[] = isset( $m[ $i ] ) ? (string) $m[ $i ] : '';
	}
	return $out;
}

/**
 * True when a match array is the enclosing form (an opening tag, content and
 * a closing tag), judged from the group lengths: the enclosing form is the
 * only one longer than its opening tag plus the escape brackets.
 *
 * @param array<int, string> $g
 */
function cl_is_enclosing( array $g ): bool {
	if ( '/' === $g[4] ) {
		return false;
	}
	$opening = 1 + strlen( $g[1] ) + strlen( $g[2] ) + strlen( $g[3] ) + 1 + strlen( $g[6] );
	return strlen( $g[0] ) > $opening;
}

function cl_record_pre( $short_circuit, $tag, $attr, $m ) {
	$GLOBALS['cl_pending_match'] = cl_groups( (array) $m );
	return $short_circuit;
}

function cl_record_callback( $atts, $content = null, $tag = '' ) {
	$index = count( $GLOBALS['cl_calls'] );
	$atts_type = gettype( $atts );
	$pairs     = array();
	$order     = array();
	if ( is_array( $atts ) ) {
		foreach ( $atts as $k => $v ) {
			$pairs[ (string) $k ] = $v;
			$order[]              = (string) $k;
		}
	} elseif ( is_string( $atts ) && '' !== $atts ) {
		// Not expected from the parser; report it rather than lose it.
		$pairs['$string'] = $atts;
		$order[]          = '$string';
	}
	$match = $GLOBALS['cl_pending_match'];
	$GLOBALS['cl_pending_match'] = null;
	$enclosing = null === $match ? null : cl_is_enclosing( $match );
	$GLOBALS['cl_calls'][] = array(
		'tag'          => $tag,
		'atts'         => array() === $pairs ? array() : (object) $pairs,
		'atts_order'   => $order,
		'atts_type'    => $atts_type,
		'content'      => false === $enclosing ? null : $content,
		'raw_content'  => $content,
		'enclosing'    => $enclosing,
		'self_closing' => null === $match ? null : '/' === $match[4],
		'match'        => $match,
	);
	return "\0SC" . $index . "\0";
}

/**
 * Names of registered shortcodes that do_shortcode would put into its
 * pattern for this text: a name counts when it equals one of the runs that
 * follow a "[" and stop before the first byte that cannot be part of a name
 * ('<', '>', '&', '/', '[', ']', '=', and bytes up to and including space).
 *
 * @return array<int, string>
 */
function cl_candidate_names( string $content ): array {
	global $shortcode_tags;
	$found = array();
	$len   = strlen( $content );
	for ( $i = 0; $i < $len; $i++ ) {
		if ( '[' !== $content[ $i ] ) {
			continue;
		}
		$j = $i + 1;
		while ( $j < $len && strpos( "<>&/[]=", $content[ $j ] ) === false && ord( $content[ $j ] ) > 0x20 ) {
			$j++;
		}
		if ( $j > $i + 1 ) {
			$found[ substr( $content, $i + 1, $j - $i - 1 ) ] = true;
		}
	}
	$names = array();
	foreach ( array_keys( $shortcode_tags ) as $name ) {
		if ( isset( $found[ (string) $name ] ) ) {
			$names[] = (string) $name;
		}
	}
	return $names;
}

/**
 * Lists the top-level matches of the main do_shortcode pass, escaped ones
 * included (those never reach a callback or filter).
 *
 * @return array<int, array<string, mixed>>
 */
function cl_top_level_matches( string $content ): array {
	if ( false === strpos( $content, '[' ) ) {
		return array();
	}
	$names = cl_candidate_names( $content );
	if ( array() === $names ) {
		return array();
	}
	// Callbacks inside HTML elements run here as in the real pass (same
	// markers); the caller discards what they recorded.
	$prepared                = do_shortcodes_in_html_tags( $content, false, $names );
	$pattern                 = get_shortcode_regex( $names );
	$found                   = array();
	if ( preg_match_all( "/$pattern/", $prepared, $sets, PREG_SET_ORDER ) ) {
		foreach ( $sets as $m ) {
			$g       = cl_groups( $m );
			$found[] = array(
				'match'     => $g,
				'escaped'   => '[' === $g[1] && ']' === $g[6],
				'enclosing' => cl_is_enclosing( $g ),
			);
		}
	}
	return $found;
}

// ---------------------------------------------------------------------------
// Operations.
// ---------------------------------------------------------------------------

/**
 * @param array<string, mixed> $item
 * @return array<string, mixed>
 */
function cl_op_do_shortcode( array $item ): array {
	$input = cl_in_string( $item['input'] ?? '' );
	$GLOBALS['cl_warnings'] = array();
	cl_register( cl_in_strings( $item['registered'] ?? array() ), 'cl_record_callback' );
	$registered = array_map( 'strval', array_keys( $GLOBALS['shortcode_tags'] ) );

	$GLOBALS['cl_calls'] = array();
	$matches             = cl_top_level_matches( $input );

	$GLOBALS['cl_calls']         = array();
	$GLOBALS['cl_pending_match'] = null;
	$output                      = do_shortcode( $input );
	$calls                       = $GLOBALS['cl_calls'];
	$GLOBALS['cl_calls']         = array();

	// The escaped-match listing is our own reconstruction: check it against
	// what the real pass did (its non-escaped matches are exactly the
	// callbacks run outside HTML elements, which come last and in order).
	$called   = array();
	foreach ( $matches as $m ) {
		if ( ! $m['escaped'] ) {
			$called[] = $m['match'];
		}
	}
	$tail = array_slice( $calls, count( $calls ) - count( $called ) );
	$agree = count( $calls ) >= count( $called );
	foreach ( $tail as $i => $call ) {
		if ( $call['match'] !== $called[ $i ] ) {
			$agree = false;
		}
	}

	return array(
		'calls'          => $calls,
		'matches'        => $matches,
		'matches_agree'  => $agree,
		'output'         => $output,
		'registered'     => $registered,
		'warnings'       => $GLOBALS['cl_warnings'],
	);
}

/**
 * @param array<string, mixed> $item
 * @return array<string, mixed>
 */
function cl_op_texturize( array $item ): array {
	$input = cl_in_string( $item['input'] ?? '' );
	$GLOBALS['cl_warnings'] = array();
	cl_register( cl_in_strings( $item['registered'] ?? array() ), 'cl_record_callback' );

	$GLOBALS['cl_translations'] = array();
	$quotes                     = $item['quotes'] ?? null;
	if ( is_array( $quotes ) ) {
		foreach ( $quotes as $key => $glyph ) {
			$context = CL_QUOTE_CONTEXTS[ $key ] ?? null;
			if ( null === $context ) {
				cl_fail( "unknown quote key $key" );
			}
			$GLOBALS['cl_translations'][ $context ] = cl_in_string( $glyph );
		}
	}
	$extra = cl_in_strings( $item['no_texturize_shortcodes'] ?? array() );
	remove_all_filters( 'no_texturize_shortcodes' );
	if ( array() !== $extra ) {
		add_filter(
			'no_texturize_shortcodes',
			static function ( $names ) use ( $extra ) {
				return array_merge( (array) $names, $extra );
			}
		);
	}

	// The reset argument makes the glyph set (read through _x) fresh.
	$output = wptexturize( $input, true );
	return array(
		'output'   => $output,
		'warnings' => $GLOBALS['cl_warnings'],
	);
}

/**
 * Reads an export the way the importer does (DOMDocument, then SimpleXML,
 * as its default parser), and runs do_shortcode on every post body.
 *
 * @param array<string, mixed> $item
 * @return array<string, mixed>
 */
function cl_op_import( array $item ): array {
	$input      = cl_in_string( $item['input'] ?? '' );
	$registered = $item['registered'] ?? array();
	$internal   = libxml_use_internal_errors( true );
	$dom        = new DOMDocument();
	$loaded     = $dom->loadXML( $input );
	$errors     = array();
	foreach ( libxml_get_errors() as $error ) {
		$errors[] = $error->line . ':' . $error->column . ' ' . trim( $error->message );
	}
	libxml_clear_errors();
	libxml_use_internal_errors( $internal );
	if ( ! $loaded || isset( $dom->doctype ) ) {
		return array( 'well_formed' => false, 'errors' => $errors, 'posts' => array() );
	}
	$xml        = simplexml_import_dom( $dom );
	$namespaces = $xml->getDocNamespaces();
	$wp_ns      = $namespaces['wp'] ?? 'http://wordpress.org/export/1.1/';
	$excerpt_ns = $namespaces['excerpt'] ?? 'http://wordpress.org/export/1.1/excerpt/';
	$posts      = array();
	foreach ( $xml->channel->item as $entry ) {
		$wp      = $entry->children( $wp_ns );
		$bodies  = array(
			'content' => (string) $entry->children( 'http://purl.org/rss/1.0/modules/content/' )->encoded,
			'excerpt' => (string) $entry->children( $excerpt_ns )->encoded,
		);
		$post    = array(
			'title'     => (string) $entry->title,
			'post_id'   => trim( (string) $wp->post_id ),
			'post_type' => trim( (string) $wp->post_type ),
		);
		foreach ( $bodies as $field => $body ) {
			$post[ $field ]                = $body;
			$post[ $field . '_shortcodes' ] = cl_op_do_shortcode(
				array(
					'input'      => $body,
					'registered' => $registered,
				)
			);
		}
		$posts[] = $post;
	}
	return array( 'well_formed' => true, 'errors' => $errors, 'posts' => $posts );
}

// ---------------------------------------------------------------------------
// Main.
// ---------------------------------------------------------------------------

add_filter( 'pre_do_shortcode_tag', 'cl_record_pre', 10, 4 );

$cl_raw = stream_get_contents( STDIN );
if ( false === $cl_raw ) {
	cl_fail( 'cannot read stdin' );
}
$cl_request = json_decode( (string) $cl_raw, true );
if ( ! is_array( $cl_request ) ) {
	cl_fail( 'request is not a JSON object: ' . json_last_error_msg() );
}
$cl_op      = $cl_request['op'] ?? '';
$cl_results = array();
foreach ( (array) ( $cl_request['items'] ?? array() ) as $cl_item ) {
	if ( ! is_array( $cl_item ) ) {
		cl_fail( 'item is not an object' );
	}
	if ( 'do_shortcode' === $cl_op ) {
		$cl_results[] = cl_op_do_shortcode( $cl_item );
	} elseif ( 'import' === $cl_op ) {
		$cl_results[] = cl_op_import( $cl_item );
	} elseif ( 'texturize' === $cl_op ) {
		$cl_results[] = cl_op_texturize( $cl_item );
	} elseif ( 'info' !== $cl_op ) {
		cl_fail( "unknown op $cl_op" );
	}
}

$cl_response = array(
	'ok'          => true,
	'wp_version'  => $GLOBALS['cl_wp_version'],
	'php_version' => PHP_VERSION,
	'results'     => cl_out( $cl_results ),
);
$cl_json = json_encode( $cl_response, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
if ( false === $cl_json ) {
	cl_fail( 'cannot encode response: ' . json_last_error_msg() );
}
fwrite( STDOUT, $cl_json . "\n" );
