<?php
/**
 * A fake Drupal 7 site with CiviCRM's web upgrader, for `php -S 127.0.0.1:PORT router.php`
 * started in a fake site's root. It speaks what a browser meets: Drupal's session cookie checked
 * against the {sessions} table (hashed ids, SSESS/ssid on HTTPS), clean URLs or ?q=, maintenance
 * mode, access denied and the login form; CiviCRM's upgrade page, begin (dropping the triggers and
 * building the queue in the session), the queue runner page, the runNext/onEnd JSON and the finish
 * page. Each task runs one revision's CRM/Upgrade/Incremental/sql/X.Y.Z.mysql.tpl from the code
 * folder, writing X.Y.Z.upgrade before and X.Y.Z after, as the testkit's fake upgrader does.
 *
 * Configuration: the JSON file named by the environment variable FAKE_WEB_CONFIG
 *   drupal, civicrm: {host, port, database, user, password} (+ prefix for drupal)
 *   siteDir, codeDir: folders; cookieLog, requestLog: files the session cookie values and the requests
 *   (method and URI) received are appended to
 *   behaviour: {failAt, fatalAt, hangAt: a revision; login: "accept" | "forbid" | "redirect";
 *               beginRedirect: a URL begin redirects to instead of the runner;
 *               staleCode: a version the site reports as its code's, as a stale OPcache would}
 */

$conf = json_decode(file_get_contents(getenv('FAKE_WEB_CONFIG')), TRUE);
if (!empty($conf['requestLog'])) {
  file_put_contents($conf['requestLog'], $_SERVER['REQUEST_METHOD'] . ' ' . $_SERVER['REQUEST_URI'] . "\n", FILE_APPEND);
}
$behaviour = $conf['behaviour'] + array('failAt' => NULL, 'fatalAt' => NULL, 'hangAt' => NULL, 'login' => 'accept', 'beginRedirect' => NULL,
  'staleCode' => NULL);

function fake_pdo($d) {
  return new PDO('mysql:host=' . $d['host'] . ';port=' . $d['port'] . ';dbname=' . $d['database'] . ';charset=utf8mb4',
    $d['user'], $d['password'], array(PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION));
}

$db = fake_pdo($conf['drupal']);
$civi = fake_pdo($conf['civicrm']);
$p = $conf['drupal']['prefix'];

function t($table) {
  global $p;
  return '`' . $p . $table . '`';
}

function variable_get($name, $default = NULL) {
  global $db;
  $st = $db->prepare('SELECT value FROM ' . t('variable') . ' WHERE name = ?');
  $st->execute(array($name));
  $v = $st->fetchColumn();
  return $v === FALSE ? $default : unserialize($v);
}

function drupal_hash_base64($data) {
  return str_replace(array('+', '/', '='), array('-', '_', ''), base64_encode(hash('sha256', $data, TRUE)));
}

function settings_vars($file) {
  include $file;
  return get_defined_vars();
}

// ----------------------------------------------------------------------------- URLs and paths

$clean = (bool) variable_get('clean_url', FALSE);

function url($path, $query = '') {
  global $clean;
  return $clean ? '/' . $path . ($query === '' ? '' : '?' . $query) : '/?q=' . $path . ($query === '' ? '' : '&' . $query);
}

function page($status, $title, $content, $bodyClass = '') {
  http_response_code($status);
  header('Content-Type: text/html; charset=utf-8');
  echo "<!DOCTYPE html>\n<html><head><title>" . htmlspecialchars($title) . " | Example association</title></head>\n"
    . '<body class="' . $bodyClass . '"><div id="page"><h1 class="page-title">' . htmlspecialchars($title) . "</h1>\n"
    . '<div id="content">' . $content . "</div></div></body></html>\n";
}

function redirect($to) {
  http_response_code(302);
  header('Location: ' . $to);
}

$request = parse_url($_SERVER['REQUEST_URI']);
$path = trim(rawurldecode($request['path']), '/');
if (isset($_GET['q'])) {
  $q = trim($_GET['q'], '/');
}
elseif ($path === '' || $path === 'index.php') {
  $q = '';
}
elseif ($clean) {
  $q = $path;
}
else {
  // without clean URLs nothing rewrites /civicrm/upgrade to index.php
  page(404, 'Not Found', '<p>The requested URL /' . htmlspecialchars($path) . ' was not found on this server.</p>');
  return TRUE;
}

// ----------------------------------------------------------------------------- the session

$https = !empty($_SERVER['HTTPS']) && $_SERVER['HTTPS'] !== 'off';
$settings = settings_vars($conf['siteDir'] . '/settings.php');
if (!empty($settings['cookie_domain'])) {
  $session_name = $settings['cookie_domain'];
}
else {
  $base_url = isset($settings['base_url']) ? $settings['base_url'] : ($https ? 'https' : 'http') . '://' . $_SERVER['HTTP_HOST'];
  list(, $session_name) = explode('://', $base_url, 2);
}
$cookie = ($https ? 'SSESS' : 'SESS') . substr(hash('sha256', $session_name), 0, 32);
$hashed = variable_get('hashed_session_ids_supported', FALSE) && !variable_get('do_not_hash_session_ids', FALSE);

$user = NULL;
$session = array();
$sessionKey = NULL;
if (isset($_COOKIE[$cookie])) {
  if (!empty($conf['cookieLog'])) {
    file_put_contents($conf['cookieLog'], $_COOKIE[$cookie] . "\n", FILE_APPEND);
  }
  $sessionKey = $hashed ? drupal_hash_base64($_COOKIE[$cookie]) : $_COOKIE[$cookie];
  $st = $db->prepare('SELECT u.uid, u.status, s.session FROM ' . t('users') . ' u INNER JOIN ' . t('sessions') . ' s ON u.uid = s.uid WHERE s.'
    . ($https ? 'ssid' : 'sid') . ' = ?');
  $st->execute(array($sessionKey));
  $row = $st->fetch(PDO::FETCH_ASSOC);
  if ($row && $row['uid'] > 0 && $row['status'] == 1) {
    $user = $row;
    $session = $row['session'] === '' || $row['session'] === NULL ? array() : unserialize($row['session']);
  }
}

function session_save() {
  global $db, $user, $session, $sessionKey, $https;
  if ($user) {
    $st = $db->prepare('UPDATE ' . t('sessions') . ' SET session = ?, timestamp = UNIX_TIMESTAMP() WHERE ' . ($https ? 'ssid' : 'sid') . ' = ?');
    $st->execute(array(serialize($session), $sessionKey));
  }
}

function user_access($permission) {
  global $db, $user;
  if (!$user) {
    return FALSE;
  }
  if ($user['uid'] == 1) {
    return TRUE;
  }
  $rids = array(2);
  $has = $db->query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '"
    . $GLOBALS['p'] . "users_roles'")->fetchColumn();
  if ($has) {
    $st = $db->prepare('SELECT rid FROM ' . t('users_roles') . ' WHERE uid = ?');
    $st->execute(array($user['uid']));
    $rids = array_merge($rids, $st->fetchAll(PDO::FETCH_COLUMN));
  }
  $st = $db->prepare('SELECT COUNT(*) FROM ' . t('role_permission') . ' WHERE permission = ? AND rid IN (' . implode(',', array_map('intval', $rids)) . ')');
  $st->execute(array($permission));
  return $st->fetchColumn() > 0;
}

// ----------------------------------------------------------------------------- Drupal's gates

if ($q === 'user/login' || $q === 'user') {
  page(200, 'User account', '<form action="' . url('user/login') . '" method="post" id="user-login" accept-charset="UTF-8">'
    . '<input type="text" id="edit-name" name="name"><input type="password" id="edit-pass" name="pass">'
    . '<input type="submit" id="edit-submit" name="op" value="Log in"></form>');
  return TRUE;
}
if (variable_get('maintenance_mode', FALSE) && !user_access('access site in maintenance mode')) {
  page(503, 'Site under maintenance', '<p>' . htmlspecialchars(variable_get('maintenance_mode_message', '')) . '</p>',
    'maintenance-page in-maintenance');
  return TRUE;
}
if (strpos($q, 'civicrm') === 0 && $behaviour['login'] === 'redirect') {
  redirect(url('user/login', 'destination=' . rawurlencode($q)));
  return TRUE;
}
if (strpos($q, 'civicrm') === 0 && ($behaviour['login'] === 'forbid' || !user_access('access CiviCRM'))) {
  page(403, 'Access denied', '<p>You are not authorized to access this page.</p>');
  return TRUE;
}

// ----------------------------------------------------------------------------- CiviCRM

function code_version() {
  global $conf, $behaviour;
  if (!empty($behaviour['staleCode'])) {
    // what an OPcache that has not seen the code swap serves
    return $behaviour['staleCode'];
  }
  $xml = $conf['codeDir'] . '/xml/version.xml';
  if (is_file($xml) && preg_match('/<version_no>([^<]+)</', file_get_contents($xml), $m)) {
    return trim($m[1]);
  }
  require_once $conf['codeDir'] . '/civicrm-version.php';
  $v = civicrmVersion();
  return $v['version'];
}

function db_version() {
  global $civi;
  return (string) $civi->query('SELECT version FROM civicrm_domain WHERE id = 1')->fetchColumn();
}

function set_version($v) {
  global $civi;
  $civi->prepare('UPDATE civicrm_domain SET version = ? WHERE id = 1')->execute(array($v));
}

function crm_error($message) {
  page(500, 'Error', '<div class="crm-container"><div class="messages status crm-error"><p>Sorry, due to an error, we are unable to'
    . ' fulfill your request at the moment. You may want to contact your administrator or service provider with more details about'
    . ' what action you were performing when this occurred.</p><p>' . htmlspecialchars($message) . '</p></div></div>');
}

function upgradeable_error($db, $code) {
  if ($db === '') {
    return 'Version information missing in civicrm database.';
  }
  if (strpos($db, 'upgrade') !== FALSE) {
    return 'Database check failed - the database looks to have been partially upgraded. You may want to reload the database with'
      . ' the backup and try the upgrade process again.';
  }
  if (version_compare($db, $code, '>')) {
    return 'Your database is marked with an unexpected version number: ' . $db . '.';
  }
  return NULL;
}

function drop_triggers() {
  global $civi;
  $names = $civi->query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
    . " AND (EVENT_OBJECT_TABLE LIKE 'civicrm\\_%' OR EVENT_OBJECT_TABLE LIKE 'log\\_civicrm\\_%') ORDER BY TRIGGER_NAME")->fetchAll(PDO::FETCH_COLUMN);
  $creates = array();
  foreach ($names as $n) {
    $row = $civi->query('SHOW CREATE TRIGGER `' . $n . '`')->fetch(PDO::FETCH_ASSOC);
    $creates[] = preg_replace('/DEFINER=`[^`]*`@`[^`]*`\s*/', '', $row['SQL Original Statement']);
    $civi->exec('DROP TRIGGER IF EXISTS `' . $n . '`');
  }
  return $creates;
}

function run_sql_tpl($body) {
  global $civi;
  $body = preg_replace('/\{\*.*?\*\}/s', '', $body);
  $stmt = '';
  foreach (explode("\n", $body) as $line) {
    $l = trim($line);
    if ($l === '' || strpos($l, '--') === 0 || strpos($l, '#') === 0) {
      continue;
    }
    $stmt .= $line . "\n";
    if (substr($l, -1) === ';') {
      $civi->exec(preg_replace('/;\s*$/', '', trim($stmt)));
      $stmt = '';
    }
  }
  if (trim($stmt) !== '') {
    $civi->exec($stmt);
  }
}

function json_out($data) {
  header('Content-Type: application/json');
  echo json_encode($data);
}

function task_error($title, $message, $left) {
  json_out(array('is_error' => 1, 'is_continue' => 0, 'numberOfItems' => $left, 'last_task_title' => $title,
    'exception' => '<p><b>Exception: &quot;' . htmlspecialchars($message) . '&quot;</b></p><pre>#0 CRM/Queue/Task.php(99): '
      . 'CRM_Upgrade_Form::runTask()' . "\n#1 {main}</pre>"));
}

$action = isset($_REQUEST['action']) ? $_REQUEST['action'] : 'intro';
$code = code_version();
$dbv = db_version();

if ($q === 'civicrm/upgrade') {
  if (!user_access('administer CiviCRM')) {
    page(403, 'Access denied', '<p>You are not authorized to access this page.</p>');
  }
  elseif ($action === 'intro' || $action === 'begin') {
    if ($dbv === $code) {
      crm_error('Your database has already been upgraded to CiviCRM ' . $code);
    }
    elseif ($error = upgradeable_error($dbv, $code)) {
      crm_error($error);
    }
    elseif ($action === 'intro') {
      page(200, 'Upgrade CiviCRM to Version ' . $code, '<div class="crm-container"><p>The database will be upgraded from ' . $dbv . ' to '
        . $code . '.</p><p><strong>Back up your database before continuing.</strong></p><form method="post">'
        . '<input type="hidden" name="action" value="begin"><button type="submit" class="crm-button" name="upgrade"'
        . ' onclick="return confirm(\'Are you sure you are ready to upgrade now?\');">Upgrade Now</button>'
        . ' <a href="' . url('civicrm/dashboard', 'reset=1') . '">Cancel</a></form></div>');
    }
    else {
      $tasks = array();
      $revs = array();
      foreach (glob($conf['codeDir'] . '/CRM/Upgrade/Incremental/sql/*.mysql.tpl') as $f) {
        $r = basename($f, '.mysql.tpl');
        if (version_compare($r, $dbv, '>') && version_compare($r, $code, '<=')) {
          $revs[] = $r;
        }
      }
      usort($revs, 'version_compare');
      foreach ($revs as $r) {
        $tasks[] = array('title' => 'Upgrade DB to ' . $r . ': SQL', 'rev' => $r);
      }
      $tasks[] = array('title' => 'Finish Upgrade DB to ' . $code, 'rev' => NULL);
      $session['CiviCRM']['isUpgradePending'] = TRUE;
      $session['fake']['triggers'] = drop_triggers();
      $session['queueRunners']['CRM_Upgrade'] = $tasks;
      if ($behaviour['beginRedirect']) {
        redirect($behaviour['beginRedirect']);
      }
      else {
        redirect(url('civicrm/upgrade/queue/runner', 'reset=1&qrid=CRM_Upgrade'));
      }
    }
  }
  elseif ($action === 'finish') {
    if (!empty($session['CiviCRM']['isUpgradePending'])) {
      if (version_compare($code, '5', '<')) {
        // 4.x: CRM_Upgrade_Form::doFinish() writes the final version and rebuilds the triggers
        set_version($code);
        foreach ($session['fake']['triggers'] as $sql) {
          $civi->exec($sql);
        }
      }
      unset($session['CiviCRM']['isUpgradePending']);
    }
    if (db_version() !== $code) {
      crm_error('Your database is not configured for version ' . $code);
    }
    else {
      page(200, 'Upgrade CiviCRM to Version ' . $code, '<div class="crm-container"><p>Thank you for upgrading to ' . $code
        . ', the latest version of CiviCRM.</p><p><span class="bold">Congratulations! Your upgrade was successful!</span></p>'
        . '<a href="' . url('civicrm', 'reset=1') . '">Return to CiviCRM home page.</a></div>');
    }
  }
  else {
    crm_error('Unrecognized upgrade action');
  }
}
elseif ($q === 'civicrm/upgrade/queue/runner') {
  if (empty($_GET['qrid']) || !isset($session['queueRunners'][$_GET['qrid']])) {
    crm_error('Queue runner must be configured before execution.');
  }
  else {
    $data = array('qrid' => $_GET['qrid'], 'runNextAjax' => url('civicrm/upgrade/queue/ajax/runNext'),
      'skipNextAjax' => url('civicrm/upgrade/queue/ajax/skipNext'), 'onEndAjax' => url('civicrm/upgrade/queue/ajax/onEnd'),
      'completed' => 0, 'numberOfItems' => count($session['queueRunners'][$_GET['qrid']]), 'buttons' => array('retry' => 0, 'skip' => 0));
    page(200, 'CiviCRM Upgrade Tasks', '<div id="crm-queue-runner-progress"></div><div id="crm-queue-runner-desc"></div>'
      . '<script type="text/javascript">CRM.$(function($) { var queueRunnerData = ' . json_encode($data) . '; });</script>');
  }
}
elseif ($q === 'civicrm/upgrade/queue/ajax/runNext') {
  $qrid = isset($_POST['qrid']) ? $_POST['qrid'] : NULL;
  if ($qrid === NULL || !isset($session['queueRunners'][$qrid])) {
    task_error('', 'Queue runner must be configured before execution.', 0);
  }
  elseif (count($session['queueRunners'][$qrid]) === 0) {
    json_out(array('is_error' => 0, 'is_continue' => 0, 'numberOfItems' => 0, 'last_task_title' => '', 'exception' => NULL));
  }
  else {
    $task = $session['queueRunners'][$qrid][0];
    $left = count($session['queueRunners'][$qrid]);
    $ok = TRUE;
    if ($task['rev'] !== NULL) {
      $r = $task['rev'];
      set_version($r . '.upgrade');
      if ($behaviour['failAt'] === $r) {
        task_error($task['title'], 'DB Error: injected failure in revision ' . $r, $left);
        $ok = FALSE;
      }
      elseif ($behaviour['fatalAt'] === $r) {
        session_save();
        fake_undefined_function_to_die_with_a_fatal_error($r);
      }
      elseif ($behaviour['hangAt'] === $r) {
        session_save();
        sleep(600);
      }
      else {
        try {
          run_sql_tpl(file_get_contents($conf['codeDir'] . '/CRM/Upgrade/Incremental/sql/' . $r . '.mysql.tpl'));
          set_version($r);
        }
        catch (PDOException $e) {
          task_error($task['title'], 'DB Error: ' . $e->getMessage(), $left);
          $ok = FALSE;
        }
      }
    }
    elseif (version_compare($code, '5', '>=')) {
      // 5.x: the finishing task (doCoreFinish) writes the version and rebuilds the triggers
      set_version($code);
      foreach ($session['fake']['triggers'] as $sql) {
        $civi->exec($sql);
      }
    }
    if ($ok) {
      array_shift($session['queueRunners'][$qrid]);
      $left = count($session['queueRunners'][$qrid]);
      json_out(array('is_error' => 0, 'is_continue' => $left > 0 ? 1 : 0, 'numberOfItems' => $left, 'last_task_title' => $task['title'],
        'exception' => NULL));
    }
  }
}
elseif ($q === 'civicrm/upgrade/queue/ajax/onEnd') {
  unset($session['queueRunners'][$_POST['qrid']]);
  json_out(array('is_error' => 0, 'is_continue' => 0, 'numberOfItems' => 0, 'redirect_url' => url('civicrm/upgrade', 'action=finish')));
}
elseif ($q === '') {
  page(200, 'Welcome to Example association', '<p>No front page content has been created yet.</p>');
}
else {
  page(404, 'Page not found', '<p>The requested page "/' . htmlspecialchars($q) . '" could not be found.</p>');
}
session_save();
return TRUE;
