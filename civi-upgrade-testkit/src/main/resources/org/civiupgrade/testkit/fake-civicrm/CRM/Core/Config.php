<?php
/** Fake of CiviCRM's configuration singleton: connects to CIVICRM_DSN. Testkit code. */
class CRM_Core_Config {
  private static $_singleton = NULL;

  public static function singleton() {
    if (self::$_singleton === NULL) {
      if (!defined('CIVICRM_DSN')) {
        throw new Exception('CIVICRM_DSN is not defined: civicrm.settings.php was not loaded.');
      }
      self::$_singleton = new CRM_Core_Config();
      CRM_Core_DAO::pdo();
    }
    return self::$_singleton;
  }

  public static function isUpgradeMode() {
    return defined('CIVICRM_UPGRADE_ACTIVE');
  }
}
