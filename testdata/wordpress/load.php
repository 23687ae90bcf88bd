<?php
// Installs WordPress (Debian's package, host config /etc/wordpress/config-127.0.0.1.php)
// and loads pdfexport's fixture posts, with WordPress's own functions.
// Run by ./setup as: php load.php STATE_DIR REPO_DIR
//
// Exit codes: 0 done (or nothing to do), 3 the database holds another version of
// the fixtures (setup then recreates the database and runs this again), other: error.
//
// Everything is deterministic (slugs, titles, dates, content, image files) except
// the IDs, the user passwords and the application password.

if (PHP_SAPI !== 'cli') {
    exit(1);
}
[$_, $STATE, $REPO] = $argv + [null, null, null];
if (!$STATE || !$REPO) {
    fwrite(STDERR, "usage: php load.php STATE_DIR REPO_DIR\n");
    exit(2);
}
const SITE = 'http://127.0.0.1:8765';
const FIXTURE_VERSION = 1; // bump to force a reload when the fixture logic changes

// Debian's wp-config.php picks /etc/wordpress/config-<host>.php from the Host
// header, which the command line does not have.
$_SERVER['HTTP_HOST'] = '127.0.0.1:8765';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = '8765';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

// Pluggable functions: no mail from the installer.
function wp_mail() { return true; }
function wp_new_blog_notification() {}

define('WP_INSTALLING', true); // else wp-settings.php redirects to install.php
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';

function say($msg) { fwrite(STDERR, "load.php: $msg\n"); }

// The fixtures' identity: this file and every input it reads.
$inputs = array_merge(
    [__FILE__],
    glob("$REPO/source/archive/*.txt"),
    glob("$REPO/source/archive/*.json"),
    glob("$REPO/docs/scripts/*.png"),
    ["$REPO/render/printhtml/testdata/files/images/harbour.png", "$REPO/images/testdata/progressive.jpg"]
);
sort($inputs);
$h = hash_init('sha256');
hash_update($h, 'v' . FIXTURE_VERSION);
foreach ($inputs as $f) {
    hash_update($h, basename($f) . "\0" . hash_file('sha256', $f));
}
$STAMP = hash_final($h);

$t0 = microtime(true);
if (!is_blog_installed()) {
    say('installing WordPress');
    $r = wp_install('pdfexport test site', 'admin', 'admin@example.org', false, '', wp_generate_password(24, false), 'en_US');
    if (is_wp_error($r)) {
        say('wp_install: ' . $r->get_error_message());
        exit(1);
    }
    printf("install: %.1fs\n", microtime(true) - $t0);
}
wp_installing(false);
$admin = get_user_by('login', 'admin');
wp_set_current_user($admin->ID);
kses_remove_filters(); // the admin may post any HTML; keep block markup as written

$need_fixtures = get_option('pdfexport_fixtures') !== $STAMP;
if ($need_fixtures && get_option('pdfexport_fixtures') !== false) {
    say('the database holds other fixtures (' . get_option('pdfexport_fixtures') . ')');
    exit(3);
}
if ($need_fixtures && (int) $wpdb->get_var("SELECT COUNT(*) FROM $wpdb->posts WHERE post_type IN ('post','attachment') AND post_name NOT IN ('hello-world')") > 0) {
    say('the database holds posts from an interrupted load');
    exit(3);
}

if ($need_fixtures) {
    load_fixtures();
    update_option('pdfexport_fixtures', $STAMP);
    printf("fixtures: %.1fs\n", microtime(true) - $t0);
}
app_password();
exit(0);

// ---------------------------------------------------------------------------

function load_fixtures() {
    global $wpdb, $REPO, $STATE;

    // Site settings.
    update_option('blogdescription', 'Fixtures for pdfexport\'s WordPress source');
    update_option('timezone_string', 'UTC');
    update_option('gmt_offset', 0);
    update_option('date_format', 'Y-m-d');
    update_option('posts_per_page', 10);
    update_option('uploads_use_yearmonth_folders', 0);
    update_option('upload_path', "$STATE/uploads");
    update_option('upload_url_path', SITE . '/wp-content/uploads');
    update_option('default_comment_status', 'closed');
    update_option('default_ping_status', 'closed');
    global $wp_rewrite;
    $wp_rewrite->set_permalink_structure('/%postname%/');
    flush_rewrite_rules(false);

    // WordPress's sample content: gone, so that every post is a fixture.
    foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $p) {
        wp_delete_post($p->ID, true);
    }

    // Speed: no thumbnails (the originals are served), no per-insert counting.
    add_filter('intermediate_image_sizes_advanced', '__return_empty_array');
    add_filter('big_image_size_threshold', '__return_false');
    add_filter('wp_image_maybe_exif_rotate', '__return_false');
    wp_defer_term_counting(true);
    wp_defer_comment_counting(true);
    wp_suspend_cache_invalidation(true);
    // Publish past-dated posts as published whatever the clock says.
    add_filter('wp_insert_post_data', function ($data, $postarr) {
        if (!empty($postarr['pdfexport_publish']) && $data['post_status'] === 'future') {
            $data['post_status'] = 'publish';
        }
        return $data;
    }, 10, 2);
    $wpdb->query('START TRANSACTION');

    // Users. The editor gets the application password (app_password()).
    $users = [];
    foreach ([
        ['editor', 'Nadia', 'Rahman', 'editor'],
        ['hseitz', 'Hannelore', 'Seitz', 'author'],
        ['mholt', 'Maren', 'Holt', 'author'],
        ['imarrow', 'Ilse', 'Marrow', 'author'],
        ['imarchetti', 'Ilse', 'Marchetti', 'author'],
    ] as [$login, $first, $last, $role]) {
        $id = wp_insert_user(wp_slash([
            'user_login' => $login,
            'user_pass' => wp_generate_password(24, false),
            'user_email' => "$login@example.org",
            'first_name' => $first,
            'last_name' => $last,
            'display_name' => "$first $last",
            'nickname' => "$first $last",
            'role' => $role,
        ]));
        if (is_wp_error($id)) {
            say("user $login: " . $id->get_error_message());
            exit(1);
        }
        $users[$login] = $id;
    }

    $upload = wp_upload_dir();
    if (!wp_mkdir_p($upload['basedir'])) {
        say("cannot create {$upload['basedir']}");
        exit(1);
    }

    // The repository's images, each uploaded once.
    $att = [];
    $att['harbour'] = attach("$REPO/render/printhtml/testdata/files/images/harbour.png", 'harbour.png',
        'Harbour', 'A small drawing of a harbour', 'The harbour at first light. Photo: Maren Holt');
    $att['gradient'] = attach("$REPO/images/testdata/progressive.jpg", 'progressive-gradient.jpg',
        'Gradient', 'A red to blue gradient', 'Dusk over the North Terminal, a progressive JPEG');
    $scripts = [];
    foreach (glob("$REPO/docs/scripts/*.png") as $f) {
        $name = basename($f, '.png');
        $scripts[$name] = attach($f, "script-$name.png", ucfirst($name) . ' script specimen',
            'A specimen of ' . ucfirst($name) . ' text', ucfirst($name) . ' text as pdfexport sets it');
    }
    ksort($scripts);

    // --- gutenberg-showcase -------------------------------------------------
    $c = [];
    $c[] = para('The last manual crane shift at the North Terminal ended on Monday night, after <strong>forty-one years</strong> of <em>hand-guided</em> lifts. The port says the new system will move a box every 90&nbsp;seconds.');
    $c[] = heading('A quieter quay', 2);
    $c[] = image_block($scripts['latin'], 'The terminal at dusk, hours before the last manual shift. Photo: Maren Holt', 'large');
    $c[] = para('Dockers who stayed on now watch the cranes from a control room on the <em>third</em> floor.');
    $c[] = image_block($att['harbour'], 'Operators in the control room. Photo: Jonas Berg/Reuters');
    $c[] = gallery_block([$scripts['greek'], $scripts['arabic'], $att['gradient']], 'Harbour works, spring 2024');
    $c[] = "<!-- wp:pullquote -->\n<figure class=\"wp-block-pullquote\"><blockquote><p>We used to know every crane driver by name. Now we know the software version.</p><cite>Eva Lindqvist, harbour pilot</cite></blockquote></figure>\n<!-- /wp:pullquote -->";
    $c[] = "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\">" . para('The port of tomorrow will need fewer hands and more eyes.') . "\n\n" . para('That is not a loss if we train for it.') . "<cite>— Port Authority annual report, 2023</cite></blockquote>\n<!-- /wp:quote -->";
    $c[] = heading('Throughput', 3);
    $c[] = "<!-- wp:table {\"hasFixedLayout\":true} -->\n<figure class=\"wp-block-table\"><table class=\"has-fixed-layout\"><thead><tr><th>Terminal</th><th>2022 (TEU)</th><th>2023 (TEU)</th></tr></thead><tbody><tr><td>North</td><td>412,000</td><td>455,300</td></tr><tr><td>South</td><td>298,100</td><td>301,750</td></tr></tbody><tfoot><tr><td>Total</td><td>710,100</td><td>757,050</td></tr></tfoot></table><figcaption class=\"wp-element-caption\">Containers handled in 2022 and 2023. Source: Port Authority</figcaption></figure>\n<!-- /wp:table -->";
    $c[] = para('The changeover came in stages:');
    $c[] = list_block(['Remote control of the quay cranes, from 2021', 'automated stacking, from 2022;', 'and the <strong>gate</strong>, last of all.'], true);
    $c[] = list_block(['a wool jumper, because the lounge heating gives up soon after midnight;', 'earplugs for the cabins nearest the engine casing;'], false);
    $c[] = "<!-- wp:separator -->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->";
    $c[] = para('Unions have agreed a retraining fund of €4&#x2009;million.');
    insert_post([
        'post_name' => 'gutenberg-showcase',
        'post_title' => 'After 41 years, the last manual crane shift',
        'post_excerpt' => 'The North Terminal hands its quay cranes to software.',
        'post_content' => implode("\n\n", $c),
        'post_author' => $users['mholt'],
        'post_date_gmt' => '2024-05-13 21:30:00',
    ], $att['gradient']);

    // --- a-draft-post -------------------------------------------------------
    $a = parse_txt("$REPO/source/archive/baltic-energy-islands.txt");
    insert_post([
        'post_name' => 'a-draft-post',
        'post_status' => 'draft',
        'post_title' => 'Draft: ' . $a['title'],
        'post_excerpt' => $a['standfirst'],
        'post_content' => implode("\n\n", array_map('para', $a['paras'])),
        'post_author' => $users['editor'],
        'post_date_gmt' => '2026-06-30 08:00:00',
    ]);

    // --- password-protected -------------------------------------------------
    $a = parse_txt("$REPO/source/archive/illusions-of-moscow-tokyo-rapprochement.txt");
    insert_post([
        'post_name' => 'password-protected',
        'post_title' => $a['title'],
        'post_excerpt' => $a['standfirst'],
        'post_password' => 'harbour',
        'post_content' => implode("\n\n", array_map('para', $a['paras'])),
        'post_author' => $users['editor'],
        'post_date_gmt' => '2024-01-04 09:00:00',
    ]);

    // --- amman-water (Arabic) -----------------------------------------------
    $a = parse_txt("$REPO/source/archive/amman-water.txt");
    insert_post([
        'post_name' => 'amman-water',
        'post_title' => $a['title'],
        'post_excerpt' => $a['standfirst'],
        'post_content' => implode("\n\n", array_map('para', $a['paras'])),
        'post_author' => $users['editor'],
        'post_date_gmt' => '2024-03-12 07:00:00',
    ], $scripts['arabic']);

    // --- three-hundred-images -----------------------------------------------
    $c = [para('Three hundred pictures, each a different colour and number, for the image limits.')];
    $dir = $GLOBALS['STATE'] . '/generated';
    wp_mkdir_p($dir);
    for ($i = 1; $i <= 300; $i++) {
        $f = sprintf('%s/picture-%03d.png', $dir, $i);
        if (!file_exists($f)) {
            make_picture($i, $f);
        }
        $id = attach($f, basename($f), "Picture $i", "Picture number $i of 300", '');
        $c[] = image_block($id, "Picture $i of 300");
    }
    insert_post([
        'post_name' => 'three-hundred-images',
        'post_title' => 'Three hundred images',
        'post_content' => implode("\n\n", $c),
        'post_author' => $users['imarrow'],
        'post_date_gmt' => '2025-02-01 12:00:00',
    ]);

    // --- the archive, 250 times over ----------------------------------------
    $sources = array_merge(glob("$REPO/source/archive/*.txt"), glob("$REPO/source/archive/*.json"));
    sort($sources);
    $parsed = [];
    foreach ($sources as $f) {
        $parsed[] = str_ends_with($f, '.json') ? parse_json($f) : parse_txt($f);
    }
    $authors = array_values($users);
    $scriptIDs = array_values($scripts);
    $start = gmmktime(0, 0, 0, 1, 1, 2024);
    $end = gmmktime(23, 59, 0, 6, 30, 2026);
    $n = 250;
    for ($i = 1; $i <= $n; $i++) {
        $a = $parsed[($i - 1) % count($parsed)];
        $t = $start + intdiv(($end - $start) * ($i - 1), $n - 1);
        $t -= $t % 60;
        $thumb = ($i % 5 === 0) ? $scriptIDs[intdiv($i, 5) % count($scriptIDs)] : 0;
        insert_post([
            'post_name' => $a['id'] . '-' . $i,
            'post_title' => $a['title'] . " ($i)",
            // Every seventh post has no excerpt of its own: WordPress then
            // makes one of the body's first words, as on many real sites.
            'post_excerpt' => ($i % 7 === 0) ? '' : $a['standfirst'],
            'post_content' => $a['content'],
            'post_author' => $authors[$i % count($authors)],
            'post_date_gmt' => gmdate('Y-m-d H:i:s', $t),
        ], $thumb);
    }

    $wpdb->query('COMMIT');
    wp_suspend_cache_invalidation(false);
    wp_defer_term_counting(false);
    wp_defer_comment_counting(false);
}

// insert_post inserts a post (published unless said otherwise) and its thumbnail.
function insert_post(array $p, int $thumb = 0): int {
    $p += ['post_type' => 'post', 'post_status' => 'publish', 'comment_status' => 'closed', 'ping_status' => 'closed'];
    $p['post_date'] = $p['post_date_gmt']; // the site's time zone is UTC
    $p['pdfexport_publish'] = $p['post_status'] === 'publish';
    $id = wp_insert_post(wp_slash($p), true);
    if (is_wp_error($id)) {
        say("post {$p['post_name']}: " . $id->get_error_message());
        exit(1);
    }
    if (get_post_field('post_name', $id) !== $p['post_name']) {
        say("post {$p['post_name']} got the slug " . get_post_field('post_name', $id));
        exit(1);
    }
    if ($thumb) {
        set_post_thumbnail($id, $thumb);
    }
    return $id;
}

// attach copies an image into the uploads folder and makes it an attachment.
function attach(string $src, string $name, string $title, string $alt, string $caption): int {
    $up = wp_upload_dir();
    $dst = $up['basedir'] . '/' . $name;
    if (!copy($src, $dst)) {
        say("cannot copy $src to $dst");
        exit(1);
    }
    chmod($dst, 0644);
    $type = wp_check_filetype($name)['type'];
    $id = wp_insert_attachment(wp_slash([
        'guid' => $up['baseurl'] . '/' . $name,
        'post_mime_type' => $type,
        'post_title' => $title,
        'post_name' => sanitize_title(pathinfo($name, PATHINFO_FILENAME)),
        'post_excerpt' => $caption,
        'post_content' => '',
        'post_status' => 'inherit',
        'post_date_gmt' => '2024-01-01 00:00:00',
        'post_date' => '2024-01-01 00:00:00',
    ]), $dst, 0, true);
    if (is_wp_error($id)) {
        say("attachment $name: " . $id->get_error_message());
        exit(1);
    }
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $dst));
    update_post_meta($id, '_wp_attachment_image_alt', wp_slash($alt));
    return $id;
}

// make_picture draws picture number $i of 300: its own colour and its number.
function make_picture(int $i, string $file) {
    $w = 320;
    $h = 200;
    $im = imagecreatetruecolor($w, $h);
    [$r, $g, $b] = hsv(($i * 137.508) - 360 * floor($i * 137.508 / 360), 0.55 + 0.4 * (($i * 7) % 10) / 10, 0.85);
    imagefilledrectangle($im, 0, 0, $w - 1, $h - 1, imagecolorallocate($im, $r, $g, $b));
    $dark = imagecolorallocate($im, intdiv($r, 3), intdiv($g, 3), intdiv($b, 3));
    $white = imagecolorallocate($im, 255, 255, 255);
    // A bar per hundred, ten, unit, so that pictures differ in shape too.
    $digits = [intdiv($i, 100), intdiv($i, 10) % 10, $i % 10];
    foreach ($digits as $k => $d) {
        imagefilledrectangle($im, 20 + $k * 100, 190 - $d * 15, 100 + $k * 100, 190, $dark);
    }
    // The number, large: each pixel of GD's font 5 as a 6×6 square.
    $s = sprintf('%03d', $i);
    $small = imagecreatetruecolor(3 * 9, 15);
    imagefilledrectangle($small, 0, 0, 26, 14, imagecolorallocate($small, 0, 0, 0));
    imagestring($small, 5, 0, 0, $s, imagecolorallocate($small, 255, 255, 255));
    for ($y = 0; $y < 15; $y++) {
        for ($x = 0; $x < 27; $x++) {
            if ((imagecolorat($small, $x, $y) & 0xFF) > 127) {
                imagefilledrectangle($im, 79 + $x * 6, 10 + $y * 6, 84 + $x * 6, 15 + $y * 6, $white);
            }
        }
    }
    imagepng($im, $file, 9);
}

function hsv(float $h, float $s, float $v): array {
    $c = $v * $s;
    $x = $c * (1 - abs(fmod($h / 60, 2) - 1));
    $m = $v - $c;
    [$r, $g, $b] = match (intdiv((int) $h, 60) % 6) {
        0 => [$c, $x, 0], 1 => [$x, $c, 0], 2 => [0, $c, $x],
        3 => [0, $x, $c], 4 => [$x, 0, $c], default => [$c, 0, $x],
    };
    return [(int) round(($r + $m) * 255), (int) round(($g + $m) * 255), (int) round(($b + $m) * 255)];
}

// --- block markup, as the block editor of WordPress 6.1 saves it ------------

function para(string $html): string {
    return "<!-- wp:paragraph -->\n<p>$html</p>\n<!-- /wp:paragraph -->";
}

function heading(string $text, int $level): string {
    $attrs = $level === 2 ? '' : " {\"level\":$level}";
    return "<!-- wp:heading$attrs -->\n<h$level>$text</h$level>\n<!-- /wp:heading -->";
}

function list_block(array $items, bool $ordered): string {
    $tag = $ordered ? 'ol' : 'ul';
    $attrs = $ordered ? ' {"ordered":true}' : '';
    $li = array_map(fn($i) => "<!-- wp:list-item -->\n<li>$i</li>\n<!-- /wp:list-item -->", $items);
    return "<!-- wp:list$attrs -->\n<$tag>" . implode("\n\n", $li) . "</$tag>\n<!-- /wp:list -->";
}

function image_block(int $id, string $caption, string $size = 'full'): string {
    $src = esc_url(wp_get_attachment_url($id));
    $alt = esc_attr(get_post_meta($id, '_wp_attachment_image_alt', true));
    $cap = $caption === '' ? '' : "<figcaption class=\"wp-element-caption\">$caption</figcaption>";
    // No width and height: the_content's filters add them from the metadata.
    return "<!-- wp:image {\"id\":$id,\"sizeSlug\":\"$size\",\"linkDestination\":\"none\"} -->\n"
        . "<figure class=\"wp-block-image size-$size\"><img src=\"$src\" alt=\"$alt\" class=\"wp-image-$id\"/>$cap</figure>\n"
        . "<!-- /wp:image -->";
}

function gallery_block(array $ids, string $caption): string {
    $inner = array_map(fn($id) => image_block($id, esc_html(get_post_field('post_excerpt', $id))), $ids);
    return "<!-- wp:gallery {\"linkTo\":\"none\"} -->\n<figure class=\"wp-block-gallery has-nested-images columns-default is-cropped\">"
        . implode("\n\n", $inner)
        . "<figcaption class=\"blocks-gallery-caption wp-element-caption\">$caption</figcaption></figure>\n<!-- /wp:gallery -->";
}

// --- the sample archive -------------------------------------------------------

// parse_txt reads the archive's plain-text format (see article/text.go):
// toolbar line, date, title, standfirst, [byline], paragraphs, rights line.
function parse_txt(string $file): array {
    $text = str_replace(["\r\n", "\r"], "\n", file_get_contents($file));
    $text = preg_replace('/^\x{FEFF}/u', '', $text);
    $lines = explode("\n", trim($text));
    if (preg_match('/^Print Save as PDF/', $lines[0])) {
        array_shift($lines);
    }
    if (str_starts_with(trim(end($lines)), '©')) {
        array_pop($lines);
    }
    $blocks = array_values(array_filter(array_map(
        fn($b) => trim(preg_replace('/\s*\n\s*/', ' ', $b)),
        preg_split('/\n\s*\n/', trim(implode("\n", $lines)))
    ), 'strlen'));
    $date = array_shift($blocks); // every archive text has its date line
    $title = array_shift($blocks);
    $standfirst = '';
    if (count($blocks) >= 2 && !preg_match('/^By /', $blocks[0]) && mb_strlen($blocks[0]) <= 320) {
        $standfirst = array_shift($blocks);
    }
    if (count($blocks) >= 2 && preg_match('/^By /', $blocks[0])) {
        array_shift($blocks);
    }
    $paras = array_map('esc_html', $blocks);
    return [
        'id' => basename($file, '.txt'),
        'title' => $title,
        'standfirst' => $standfirst,
        'date' => $date,
        'paras' => $paras,
        'content' => implode("\n\n", array_map('para', $paras)),
    ];
}

// parse_json reads the archive's JSON format: body blocks are strings
// (paragraphs) or objects of type paragraph (runs), heading, list, quote.
function parse_json(string $file): array {
    $j = json_decode(file_get_contents($file), true, 64, JSON_THROW_ON_ERROR);
    $out = [];
    foreach ($j['body'] as $b) {
        if (is_string($b)) {
            $out[] = para(esc_html($b));
            continue;
        }
        switch ($b['type'] ?? 'paragraph') {
            case 'heading':
                $out[] = heading(esc_html($b['text']), 2);
                break;
            case 'list':
                $out[] = list_block(array_map('runs_html', $b['items']), !empty($b['ordered']));
                break;
            case 'quote':
                $out[] = "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\">" . para(runs_html($b)) . "</blockquote>\n<!-- /wp:quote -->";
                break;
            default:
                $out[] = para(runs_html($b));
        }
    }
    return [
        'id' => basename($file, '.json'),
        'title' => $j['title'],
        'standfirst' => $j['standfirst'] ?? '',
        'date' => $j['published'] ?? '',
        'content' => implode("\n\n", $out),
    ];
}

function runs_html($b): string {
    if (is_string($b)) {
        return esc_html($b);
    }
    if (isset($b['text']) && !isset($b['runs'])) {
        return esc_html($b['text']);
    }
    $html = '';
    foreach ($b['runs'] ?? [] as $r) {
        $s = esc_html($r['text'] ?? '');
        if (!empty($r['bold'])) {
            $s = "<strong>$s</strong>";
        }
        if (!empty($r['italic'])) {
            $s = "<em>$s</em>";
        }
        $href = $r['href'] ?? $r['link'] ?? $r['url'] ?? '';
        if ($href !== '') {
            $s = '<a href="' . esc_url($href) . "\">$s</a>";
        }
        $html .= $s;
    }
    return $html;
}

// --- the editor's application password -----------------------------------------

// app_password makes sure $STATE/app-password holds a valid application
// password of the user editor, creating one when the file is missing or stale.
function app_password() {
    global $STATE;
    $file = "$STATE/app-password";
    $user = get_user_by('login', 'editor');
    if (!$user) {
        say('no user editor');
        exit(1);
    }
    if (is_readable($file)) {
        $pw = trim(file_get_contents($file));
        foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
            if (wp_check_password($pw, $item['password'], $user->ID)) {
                return;
            }
        }
    }
    foreach (WP_Application_Passwords::get_user_application_passwords($user->ID) as $item) {
        WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
    }
    $r = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => 'pdfexport tests']);
    if (is_wp_error($r)) {
        say('application password: ' . $r->get_error_message());
        exit(1);
    }
    $old = umask(077);
    file_put_contents("$file.tmp", $r[0]);
    umask($old);
    chmod("$file.tmp", 0600);
    rename("$file.tmp", $file);
    say("wrote a new application password for editor to $file");
}
