<?php
/**
 * CiviCRM's headless database upgrade for a Drupal 7 site, run by civi-upgrade with the
 * site's own PHP: php [-d ...] civicrm-upgrade-db.php --root=DRUPAL_ROOT --settings=FILE
 * --work-dir=DIR [--dry-run]
 *
 * Boots as cv's default "full" boot does (civicrm/cv lib/src/Bootstrap.php): simulated web
 * variables, CIVICRM_UPGRADE_ACTIVE, civicrm.settings.php, CRM_Core_ClassLoader,
 * CRM_Core_Config::singleton(), then CRM_Utils_System::loadBootStrap() for Drupal. Runs the
 * upgrade as cv upgrade:db does (civicrm/cv src/Command/UpgradeDbCommand.php and
 * src/Util/ConsoleQueueRunner.php; the same calls as civicrm-core CRM/Upgrade/Headless.php):
 * checkUpgradeableVersion, dropTriggers, CRM_Upgrade_Form::buildQueue, each task in order
 * (stopping at the first failure), CRM_Upgrade_Form::doFinish, then the extension upgrades of
 * CRM_Extension_Upgrades where core's queue does not hold them (before 5.53).
 *
 * Output, one line each: "Found CiviCRM database version X.", "Found CiviCRM code version Y.",
 * "Task N: <title>" (a dry run: "Would run task N: <title>"), "Extension task N: <title>",
 * "Extension upgrades: none pending.", "Upgrade to Y completed.", "Message: <text>",
 * and last "Done: ..." on success. A failure prints "Upgrade failed at task "<title>": <message>"
 * (or "Upgrade failed: <message>") and exits with status 1. Written for PHP 5.3 and later.
 */

error_reporting(E_ALL & ~E_NOTICE & ~E_STRICT & ~E_DEPRECATED);
ini_set('display_errors', 'stderr');

$civiUpgradeDone = FALSE;

/** Prints one line at once. */
function civi_upgrade_say($line) {
  fwrite(STDOUT, str_replace(array("\r\n", "\r", "\n"), ' ', $line) . "\n");
  fflush(STDOUT);
}

/** Ends with status 1 and the reason. */
function civi_upgrade_fail($message, $task = NULL) {
  global $civiUpgradeDone;
  civi_upgrade_say($task === NULL ? 'Upgrade failed: ' . $message : 'Upgrade failed at task "' . $task . '": ' . $message);
  $civiUpgradeDone = TRUE;
  exit(1);
}

/** HTML messages as plain text lines. */
function civi_upgrade_text($html) {
  $text = html_entity_decode(strip_tags(preg_replace('/<(br|p|li|div)[^>]*>/i', "\n", $html)), ENT_QUOTES, 'UTF-8');
  $out = array();
  foreach (explode("\n", $text) as $l) {
    if (trim($l) !== '') {
      $out[] = trim($l);
    }
  }
  return $out;
}

/** Something ended the script early (CRM_Core_Error::fatal() calls die() with status 0). */
function civi_upgrade_shutdown() {
  global $civiUpgradeDone;
  if ($civiUpgradeDone) {
    return;
  }
  $e = error_get_last();
  civi_upgrade_say('Upgrade failed: the PHP script ended early' . ($e ? ': ' . $e['message'] . ' in ' . $e['file'] . ' line ' . $e['line'] : ' (exit or die)') . '.');
  exit(1);
}
register_shutdown_function('civi_upgrade_shutdown');

/** The task log of CRM_Queue_TaskContext: what a task logs becomes an output line. */
class CiviUpgradeTaskLog {
  public function __call($level, $args) {
    civi_upgrade_say('  ' . $level . ': ' . (isset($args[0]) ? (is_string($args[0]) ? $args[0] : var_export($args[0], TRUE)) : ''));
  }
}

$options = array('dry-run' => FALSE);
foreach (array_slice($argv, 1) as $arg) {
  if ($arg === '--dry-run') {
    $options['dry-run'] = TRUE;
  }
  elseif (preg_match('/^--(root|settings|work-dir)=(.*)$/', $arg, $m)) {
    $options[$m[1]] = $m[2];
  }
  else {
    civi_upgrade_fail('unknown argument ' . $arg);
  }
}
foreach (array('root', 'settings', 'work-dir') as $required) {
  if (empty($options[$required])) {
    civi_upgrade_fail('--' . $required . ' is required');
  }
}
$dryRun = $options['dry-run'];
$root = rtrim($options['root'], '/');
if (!is_file($options['settings'])) {
  civi_upgrade_fail('Could not locate civicrm settings file ' . $options['settings'] . '.');
}

// Web variables as cv's SimulateWeb sets them: CiviCRM and Drupal read them while booting.
$siteDir = basename(dirname($options['settings']));
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['REQUEST_URI'] = '/index.php';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_SOFTWARE'] = NULL;
$_SERVER['HTTP_HOST'] = $siteDir === 'default' ? '' : $siteDir;
$_SERVER['SERVER_NAME'] = $_SERVER['HTTP_HOST'];

define('CIVICRM_UPGRADE_ACTIVE', 1);
chdir($root);
define('CIVICRM_SETTINGS_PATH', $options['settings']);
try {
  $civicrm_root = NULL;
  require_once CIVICRM_SETTINGS_PATH;
  global $civicrm_root;
  if (empty($_SERVER['HTTP_HOST']) && defined('CIVICRM_UF_BASEURL')) {
    $_SERVER['HTTP_HOST'] = (string) parse_url(CIVICRM_UF_BASEURL, PHP_URL_HOST);
    $_SERVER['SERVER_NAME'] = $_SERVER['HTTP_HOST'];
  }
  if (!class_exists('CRM_Core_ClassLoader', FALSE)) {
    if (empty($civicrm_root) || !is_file(rtrim($civicrm_root, '/') . '/CRM/Core/ClassLoader.php')) {
      civi_upgrade_fail('civicrm.settings.php sets no usable $civicrm_root (no CRM/Core/ClassLoader.php below it).');
    }
    require_once rtrim($civicrm_root, '/') . '/CRM/Core/ClassLoader.php';
    CRM_Core_ClassLoader::singleton()->register();
  }
  CRM_Core_Config::singleton();
  CRM_Utils_System::loadBootStrap(array(), FALSE);
}
catch (Exception $e) {
  civi_upgrade_fail('CiviCRM did not boot: ' . $e->getMessage());
}
catch (Throwable $e) {
  civi_upgrade_fail('CiviCRM did not boot: ' . $e->getMessage());
}

/**
 * Runs (or, in a dry run, lists) every task of a queue in order, as cv's ConsoleQueueRunner
 * does: steal the next item, run its task, delete it; the first failure ends the script.
 */
function civi_upgrade_run_queue($queue, $label, $dryRun) {
  $ctx = new CRM_Queue_TaskContext();
  $ctx->queue = $queue;
  $ctx->log = new CiviUpgradeTaskLog();
  $n = 0;
  while ($queue->numberOfItems() > 0) {
    $item = method_exists($queue, 'stealItem') ? $queue->stealItem() : $queue->claimItem();
    if (!$item) {
      civi_upgrade_fail('Failed to claim the next task of the ' . $label . ' queue.');
    }
    $task = $item->data;
    $n++;
    civi_upgrade_say(($dryRun ? 'Would run ' . strtolower($label[0]) . substr($label, 1) : $label) . ' ' . $n . ': ' . $task->title);
    if (!$dryRun) {
      $scope = class_exists('CRM_Core_TemporaryErrorScope') ? CRM_Core_TemporaryErrorScope::useException() : NULL;
      try {
        $ok = $task->run($ctx);
      }
      catch (Exception $e) {
        $queue->releaseItem($item);
        civi_upgrade_fail($e->getMessage(), $task->title);
      }
      catch (Throwable $e) {
        $queue->releaseItem($item);
        civi_upgrade_fail(get_class($e) . ': ' . $e->getMessage(), $task->title);
      }
      $scope = NULL;
      if (!$ok) {
        $queue->releaseItem($item);
        civi_upgrade_fail('Task returned false', $task->title);
      }
    }
    $queue->deleteItem($item);
  }
  return $n;
}

try {
  $dbVer = CRM_Core_BAO_Domain::version();
  $codeVer = CRM_Utils_System::version();
  civi_upgrade_say('Found CiviCRM database version ' . $dbVer . '.');
  civi_upgrade_say('Found CiviCRM code version ' . $codeVer . '.');
  if (empty($dbVer)) {
    civi_upgrade_fail('Version information missing in civicrm database.');
  }
  if (stripos($dbVer, 'upgrade') !== FALSE) {
    civi_upgrade_fail('Database check failed - the database looks to have been partially upgraded (version ' . $dbVer . '). Restore the backup first.');
  }
  if (version_compare($codeVer, $dbVer) < 0) {
    civi_upgrade_fail("Database is marked with an unexpected version '" . $dbVer . "' which is higher than that of codebase version '" . $codeVer . "'.");
  }
  $messageFile = $options['work-dir'] . '/post-upgrade-messages.html';
  file_put_contents($messageFile, '');
  if (version_compare($codeVer, $dbVer) == 0) {
    civi_upgrade_say('You are already upgraded to CiviCRM ' . $codeVer);
  }
  else {
    $upgrade = new CRM_Upgrade_Form();
    $error = $upgrade->checkUpgradeableVersion($dbVer, $codeVer);
    if ($error) {
      civi_upgrade_fail($error);
    }
    $preUpgradeMessage = NULL;
    $upgrade->setPreUpgradeMessage($preUpgradeMessage, $dbVer, $codeVer);
    foreach (civi_upgrade_text((string) $preUpgradeMessage) as $l) {
      civi_upgrade_say('Pre-upgrade message: ' . $l);
    }
    if (!$dryRun) {
      CRM_Core_DAO::dropTriggers();
    }
    $queue = CRM_Upgrade_Form::buildQueue($dbVer, $codeVer, $messageFile);
    civi_upgrade_run_queue($queue, 'Task', $dryRun);
    if (!$dryRun) {
      CRM_Upgrade_Form::doFinish();
    }
    civi_upgrade_say(($dryRun ? 'Dry run: the upgrade to ' : 'Upgrade to ') . $codeVer . ($dryRun ? ' was not run.' : ' completed.'));
  }

  // Before 5.53 core's queue leaves extensions alone (cv: runExtensionUpgrade).
  if (class_exists('CRM_Extension_Upgrades') && CRM_Extension_Upgrades::hasPending()) {
    if (class_exists('Civi') && method_exists('Civi', 'dispatcher')) {
      $dispatcher = Civi::dispatcher();
      if (method_exists($dispatcher, 'setDispatchPolicy')) {
        $dispatcher->setDispatchPolicy(NULL);
      }
    }
    if (method_exists('CRM_Core_Invoke', 'rebuildMenuAndCaches')) {
      CRM_Core_Invoke::rebuildMenuAndCaches(TRUE);
    }
    $n = civi_upgrade_run_queue(CRM_Extension_Upgrades::createQueue(), 'Extension task', $dryRun);
    civi_upgrade_say('Extension upgrades: ' . $n . ' task(s) ' . ($dryRun ? 'pending.' : 'run.'));
  }
  else {
    civi_upgrade_say('Extension upgrades: none pending.');
  }
  foreach (civi_upgrade_text((string) file_get_contents($messageFile)) as $l) {
    civi_upgrade_say('Message: ' . $l);
  }
  @unlink($messageFile);
}
catch (Exception $e) {
  civi_upgrade_fail($e->getMessage());
}
catch (Throwable $e) {
  civi_upgrade_fail(get_class($e) . ': ' . $e->getMessage());
}
$civiUpgradeDone = TRUE;
civi_upgrade_say($dryRun ? 'Done: dry run, nothing was changed.' : 'Done: the CiviCRM database is at version ' . CRM_Core_BAO_Domain::version() . '.');
exit(0);
