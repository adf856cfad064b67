<?php
/** Fake of CiviCRM's domain BAO: civicrm_domain.version of CIVICRM_DOMAIN_ID (default 1). Testkit code. */
class CRM_Core_BAO_Domain {
  public static function version($skipUsingCache = FALSE) {
    return (string) CRM_Core_DAO::singleValueQuery('SELECT version FROM civicrm_domain WHERE id = ?', array(self::id()));
  }

  public static function id() {
    return defined('CIVICRM_DOMAIN_ID') ? (int) CIVICRM_DOMAIN_ID : 1;
  }

  public static function setVersion($version) {
    CRM_Core_DAO::executeQuery('UPDATE civicrm_domain SET version = ? WHERE id = ?', array($version, self::id()));
  }
}
