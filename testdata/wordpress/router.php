<?php
// Router for PHP's built-in server (see ./serve): files are served as files,
// the uploads from the state folder, everything else by WordPress's index.php
// (pretty permalinks, /wp-json/...), as Apache's rewrite rules would.
$root = '/usr/share/wordpress';
$uploads = getenv('PDFEXPORT_WP_STATE') ?: '/var/lib/pdfexport-wordpress';
$uploads .= '/uploads';
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if (str_contains($path, "\0") || preg_match('#(^|/)\.\.(/|$)#', $path)) {
    http_response_code(400);
    return true;
}

if (str_starts_with($path, '/wp-content/uploads/')) {
    $file = $uploads . substr($path, strlen('/wp-content/uploads'));
    if (!is_file($file)) {
        http_response_code(404);
        header('Content-Type: text/plain');
        echo "not found\n";
        return true;
    }
    $types = ['png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'gif' => 'image/gif',
        'webp' => 'image/webp', 'svg' => 'image/svg+xml', 'pdf' => 'application/pdf'];
    $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
    header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
    header('Content-Length: ' . filesize($file));
    header('Last-Modified: ' . gmdate('D, d M Y H:i:s', filemtime($file)) . ' GMT');
    if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') {
        readfile($file);
    }
    return true;
}

// Static files inside WordPress (wp-includes/js, ...) and PHP entry points
// (wp-login.php, wp-admin/...): the built-in server handles them itself.
$file = $root . $path;
if ($path !== '/' && (is_file($file) || (is_dir($file) && is_file(rtrim($file, '/') . '/index.php')))) {
    return false;
}

// Everything else: WordPress's front controller.
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
// Basic authentication (application passwords) for clients whose header the
// server did not split.
if (!isset($_SERVER['PHP_AUTH_USER']) && preg_match('/^Basic\s+(\S+)/i', $_SERVER['HTTP_AUTHORIZATION'] ?? '', $m)) {
    $pair = base64_decode($m[1], true);
    if ($pair !== false && str_contains($pair, ':')) {
        [$_SERVER['PHP_AUTH_USER'], $_SERVER['PHP_AUTH_PW']] = explode(':', $pair, 2);
    }
}
chdir($root);
require $root . '/index.php';
