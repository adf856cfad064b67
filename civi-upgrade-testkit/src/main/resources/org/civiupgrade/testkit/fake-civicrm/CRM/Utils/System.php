<?php
/** Fake of CiviCRM's system utilities: the code version and the Drupal boot. Testkit code. */
class CRM_Utils_System {
  public static function version() {
    $o = require dirname(dirname(__FILE__)) . '/Upgrade/FakeOptions.php';
    return $o['version'];
  }

  /** Loads Drupal's includes/bootstrap.inc found from SCRIPT_FILENAME, as CRM_Utils_System_Drupal does. */
  public static function loadBootStrap($params = array(), $loadUser = TRUE, $throwError = TRUE, $realPath = NULL) {
    $root = dirname($_SERVER['SCRIPT_FILENAME']);
    if (!is_file($root . '/includes/bootstrap.inc')) {
      throw new Exception('Could not find the Drupal root (no includes/bootstrap.inc in ' . $root . ').');
    }
    if (!defined('DRUPAL_ROOT')) {
      define('DRUPAL_ROOT', $root);
    }
    require_once DRUPAL_ROOT . '/includes/bootstrap.inc';
    if (function_exists('drupal_bootstrap')) {
      drupal_bootstrap(DRUPAL_BOOTSTRAP_FULL);
    }
    return TRUE;
  }
}
