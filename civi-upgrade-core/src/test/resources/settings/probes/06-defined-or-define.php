<?php
defined('CIVICRM_DSN') or define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
defined('CIVICRM_UF') || define('CIVICRM_UF', 'Drupal');
