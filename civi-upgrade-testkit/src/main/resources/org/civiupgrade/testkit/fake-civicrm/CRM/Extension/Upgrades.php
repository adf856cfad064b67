<?php
/**
 * Fake of CiviCRM's extension upgrades: one extension (FakeOptions.php "extension") with a
 * pending revision 1001 while its table civicrm_fake_ext_<key> does not exist. Testkit code.
 */
class CRM_Extension_Upgrades {
  const QUEUE_NAME = 'ext-upgrade';

  private static function key() {
    $o = CRM_Upgrade_Form::options();
    return $o['extension'];
  }

  private static function table() {
    return 'civicrm_fake_ext_' . preg_replace('/[^A-Za-z0-9]/', '_', self::key());
  }

  public static function hasPending() {
    if (self::key() === NULL) {
      return FALSE;
    }
    return CRM_Core_DAO::singleValueQuery('SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      array(self::table())) == 0;
  }

  public static function createQueue() {
    $queue = new CRM_Queue_Queue_Memory(array('name' => self::QUEUE_NAME, 'reset' => TRUE));
    self::fillQueue($queue);
    return $queue;
  }

  public static function fillQueue($queue) {
    if (self::hasPending()) {
      $queue->createItem(new CRM_Queue_Task(array('CRM_Extension_Upgrades', 'upgradeFake'), array(), 'Upgrade ' . self::key() . ' to revision 1001'));
    }
  }

  public static function upgradeFake(CRM_Queue_TaskContext $ctx) {
    CRM_Core_DAO::pdo()->exec('CREATE TABLE `' . self::table() . '` (`revision` int NOT NULL) ENGINE=InnoDB');
    CRM_Core_DAO::pdo()->exec('INSERT INTO `' . self::table() . '` VALUES (1001)');
    return TRUE;
  }
}
