<?php
/**
 * Fake of CiviCRM's upgrade form: the revisions of CRM/Upgrade/Incremental/sql newer than the
 * database, three queue tasks each (begin: X.Y.Z.upgrade, step: the revision's SQL, finish:
 * X.Y.Z), doFinish() setting the code version and rebuilding the triggers. Told to (in
 * FakeOptions.php), the step of a revision fails after its ".upgrade" marker was written.
 * Testkit code.
 */
class CRM_Upgrade_Form {
  const QUEUE_NAME = 'CRM_Upgrade';

  public static function options() {
    return require dirname(__FILE__) . '/FakeOptions.php';
  }

  public function getUpgradeVersions() {
    return array(CRM_Core_BAO_Domain::version(), CRM_Utils_System::version());
  }

  public function checkUpgradeableVersion($currentVer, $latestVer) {
    if (version_compare($currentVer, $latestVer) > 0) {
      return 'Your database is marked with an unexpected version number: ' . $currentVer . '.';
    }
    if (version_compare($currentVer, $latestVer) == 0) {
      return 'Your database has already been upgraded to CiviCRM ' . $latestVer;
    }
    return NULL;
  }

  public function setPreUpgradeMessage(&$preUpgradeMessage, $currentVer, $latestVer) {
    $preUpgradeMessage = '<p>Fake pre-upgrade note: ' . $currentVer . ' to ' . $latestVer . '.</p>';
  }

  public static function revisions($currentVer, $latestVer) {
    $revs = array();
    foreach (glob(dirname(__FILE__) . '/Incremental/sql/*.mysql.tpl') as $f) {
      $rev = basename($f, '.mysql.tpl');
      if (version_compare($rev, $currentVer) > 0 && version_compare($rev, $latestVer) <= 0) {
        $revs[] = $rev;
      }
    }
    usort($revs, 'version_compare');
    return $revs;
  }

  public static function buildQueue($currentVer, $latestVer, $postUpgradeMessageFile) {
    $queue = new CRM_Queue_Queue_Memory(array('name' => self::QUEUE_NAME, 'reset' => TRUE));
    foreach (self::revisions($currentVer, $latestVer) as $rev) {
      $queue->createItem(new CRM_Queue_Task(array('CRM_Upgrade_Form', 'doIncrementalUpgradeStart'), array($rev), 'Begin Upgrade to ' . $rev));
      $queue->createItem(new CRM_Queue_Task(array('CRM_Upgrade_Form', 'doIncrementalUpgradeStep'), array($rev, $postUpgradeMessageFile), 'Upgrade DB to ' . $rev));
      $queue->createItem(new CRM_Queue_Task(array('CRM_Upgrade_Form', 'doIncrementalUpgradeFinish'), array($rev), 'Finish Upgrade DB to ' . $rev));
    }
    if (version_compare($latestVer, '5.53.alpha1') >= 0) {
      // from 5.53 core's queue holds the extension upgrades too (enqueueExtUpgrades)
      CRM_Extension_Upgrades::fillQueue($queue);
    }
    return $queue;
  }

  public static function doIncrementalUpgradeStart(CRM_Queue_TaskContext $ctx, $rev) {
    CRM_Core_BAO_Domain::setVersion($rev . '.upgrade');
    return TRUE;
  }

  public static function doIncrementalUpgradeStep(CRM_Queue_TaskContext $ctx, $rev, $postUpgradeMessageFile) {
    $o = self::options();
    if ($o['failAt'] === $rev) {
      throw new Exception('DB Error: injected failure in revision ' . $rev);
    }
    CRM_Core_DAO::runSqlTemplate(file_get_contents(dirname(__FILE__) . '/Incremental/sql/' . $rev . '.mysql.tpl'));
    file_put_contents($postUpgradeMessageFile, '<p>Upgraded to ' . $rev . '.</p>', FILE_APPEND);
    return TRUE;
  }

  public static function doIncrementalUpgradeFinish(CRM_Queue_TaskContext $ctx, $rev) {
    CRM_Core_BAO_Domain::setVersion($rev);
    return TRUE;
  }

  public static function doFinish() {
    CRM_Core_BAO_Domain::setVersion(CRM_Utils_System::version());
    CRM_Core_DAO::triggerRebuild();
  }
}
