<?php
/**
 * Fake of CiviCRM's class loader: CRM_Foo_Bar is CRM/Foo/Bar.php below the code folder.
 * Part of civi-upgrade's testkit, not CiviCRM code.
 */
class CRM_Core_ClassLoader {
  private static $_singleton = NULL;

  public static function singleton($force = FALSE) {
    if ($force || self::$_singleton === NULL) {
      self::$_singleton = new CRM_Core_ClassLoader();
    }
    return self::$_singleton;
  }

  public function register($prepend = FALSE) {
    spl_autoload_register(array($this, 'loadClass'), TRUE, $prepend);
  }

  public function loadClass($class) {
    if (strpos($class, 'CRM_') !== 0) {
      return;
    }
    $file = dirname(dirname(dirname(__FILE__))) . '/' . str_replace('_', '/', $class) . '.php';
    if (is_file($file)) {
      require_once $file;
    }
  }
}
